from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from bayan.newsroom.models import PostPage
from bayan.statements.affiliations import propose_all
from bayan.statements.detection import detect
from bayan.statements.detection_review import propose
from bayan.statements.models import DetectedSignatory, Organisation, Statement
from bayan.wxr.models import ImportedItem


class Command(BaseCommand):
    help = (
        "Look for a list of signatories at the end of posts imported from WordPress (names after "
        "\"The undersigned\", \"Signatories:\", «المنظمات الموقعة» ...) and propose them, matched to existing "
        "organisations, stored as proposals for editors to confirm. Nothing is published: no "
        "statement or signatory is created until an editor accepts. Posts that are already statements, or "
        "whose list was proposed before (decided or not: a rejection stands), are skipped, so running it "
        "twice changes nothing."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true",
                           help="read every post, not only the ones imported from WordPress")
        which.add_argument("--post", type=int, metavar="ID", help="read only the post with this page id")
        parser.add_argument("--affiliations", action="store_true",
                            help="also propose organisations for persons of concern whose affiliation names one")

    def handle(self, *args, all=False, post=None, affiliations=False, **options):
        posts = PostPage.objects.order_by("pk")
        if post is not None:
            posts = posts.filter(pk=post)
            if not posts.exists():
                raise CommandError(f"there is no post with the id {post}")
        elif not all:
            imported = ImportedItem.objects.filter(kind="post", target_id__isnull=False).values("target_id")
            posts = posts.filter(pk__in=imported)
        posts = posts.exclude(translation_key__in=Statement.objects.values("translation_key")).exclude(
            pk__in=DetectedSignatory.objects.values("post_id"))
        organisations = list(Organisation.objects.only("pk", "name_en", "name_ar", "match_terms"))
        tally = Counter()
        for found in posts.only("pk", "body").iterator(chunk_size=200):
            tally["posts"] += 1
            names = detect(found.body, organisations)
            if names:
                propose(found, names)
                tally.update(lists=1, names=len(names), matched=sum(1 for name in names if name.proposed))
        self.stdout.write(
            f"Read {tally['posts']:,} posts: {tally['lists']:,} end with a list of signatories, "
            f"{tally['names']:,} names proposed, {tally['matched']:,} of them matched to an organisation. "
            "Nothing was published: the lists wait as proposals for an editor.")
        if affiliations:
            self.stdout.write(f"{propose_all():,} new affiliations of persons proposed as organisations.")
