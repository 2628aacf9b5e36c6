import datetime
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bayan.cases.suggestions import current_index, post_text, record
from bayan.newsroom.models import PostPage

CHUNK = 500


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since wants a date written YYYY-MM-DD, e.g. 2024-01-31; got {text!r}") from None


class Command(BaseCommand):
    help = (
        "Suggest the persons of concern each post names, for editors to accept or reject under Cases > "
        "Suggestions. Looks for every person's names and aliases, in both scripts, in the posts' titles and "
        "texts. Nothing is linked: an editor decides, and an editor's decision is never changed. Run it after "
        "importing posts or persons; posts published in the admin get their suggestions by themselves."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                           help="only posts dated on or after this day (default: every post)")
        which.add_argument("--post", type=int, metavar="ID", help="only the post with this page id")

    def handle(self, *args, since=None, post=None, **options):
        posts = PostPage.objects.order_by("pk")
        if post is not None:
            posts = posts.filter(pk=post)
            if not posts.exists():
                raise CommandError(f"there is no post with the id {post}")
        if since is not None:
            start = datetime.datetime.combine(since, datetime.time.min, timezone.get_current_timezone())
            posts = posts.filter(date__gte=start)
        index = current_index()
        tally = Counter()
        chunk = []
        for found in posts.only("pk", "title", "excerpt", "body").iterator(chunk_size=CHUNK):
            chunk.append((found.pk, index.find(post_text(found))))
            if len(chunk) == CHUNK:
                self._record(chunk, tally)
                chunk = []
        self._record(chunk, tally)
        self.stdout.write(f"Read {tally['posts']:,} posts: {tally['naming']:,} name at least one person; "
                          f"{tally['added']:,} new suggestions, {tally['withdrawn']:,} withdrawn (their names are "
                          "no longer in the post). Nothing was linked.")

    @staticmethod
    def _record(chunk, tally):
        added, withdrawn = record(chunk)
        tally.update(posts=len(chunk), naming=sum(1 for _post_id, found in chunk if found), added=added,
                     withdrawn=withdrawn)
