"""What the demo leaves for editors to decide: a list of signatories typed by hand, and persons' affiliations.

A statement published before Bayan, its signatories typed at the end of its text as WordPress
sites keep them (one name a paragraph in English, names separated by «،» in Arabic), is
detected as ``bayan statements-detect`` would, so ``/admin/statements/detected/`` has lists to
correct and accept. The case records' persons whose affiliation names a demo organisation are
proposed; those written exactly as the organisation's English name are confirmed (and listed on
its page), the others (aliases, other spellings) wait at ``/admin/statements/affiliations/``.
"""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from bayan.newsroom.services import add_post

from .affiliations import propose_all
from .detection import detect
from .detection_review import propose
from .models import AffiliationMatch, Organisation, ProposalState

TYPED = {
    "en": ("Joint appeal: lift the travel bans on returning journalists",
           ["We, the undersigned, call on the authorities to lift the travel bans imposed this year on "
            "journalists who came home, and to let them work without being summoned for questioning.",
            "Signed by:", "Centre for Free Expression (CFE)", "Radio Sada", "Bridges Legal Aid",
            "Marsh Light Community Radio", "Lantern Network for Press Freedom",
            "For more information, write to the communications office."]),
    "ar": ("نداء مشترك: ارفعوا حظر السفر عن الصحفيين العائدين",
           ["نحن الموقعين أدناه نطالب السلطات برفع حظر السفر المفروض هذا العام على الصحفيين العائدين، "
            "وبأن يُتركوا يعملون دون استدعائهم للتحقيق.",
            "المنظمات الموقعة:",
            "مركز حرية التعبير، إذاعة صدى، جسور للعون القانوني، شبكة الفانوس لحرية الصحافة",
            "للتواصل: مكتب الإعلام."]),
}
TYPED_ON = "2021-03-14"


def add_demo_proposals(statement_writer):
    """The typed list's post in both languages, detected; affiliations proposed. Lines for ``bayan demo``."""
    published = timezone.make_aware(datetime.combine(datetime.fromisoformat(TYPED_ON).date(), time(10, 0)))
    organisations = list(Organisation.objects.only("pk", "name_en", "name_ar", "match_terms"))
    first = None
    for language in ("en", "ar"):
        title, paragraphs = TYPED[language]
        post = add_post(language, title, body="".join(f"<p>{escape(text)}</p>" for text in paragraphs),
                        date=published, slug="joint-appeal-lift-the-travel-bans-2021",
                        category=statement_writer.categories[language], tags=[statement_writer.tags[language]],
                        authors=[statement_writer.author], translation_of=first)
        first = first or post
        propose(post, detect(post.body, organisations))
    propose_all()
    confirmed = [match.pk for match in AffiliationMatch.objects.select_related("person", "organisation")
                 if match.person.affiliation == match.organisation.name_en]
    AffiliationMatch.objects.filter(pk__in=confirmed).update(state=ProposalState.ACCEPTED)
    waiting = AffiliationMatch.objects.filter(state=ProposalState.PROPOSED).count()
    base = settings.BASE_URL
    return [
        f"2 lists of signatories typed by hand (one post, both languages) wait to be checked: "
        f"{base}{reverse('statements_detected')}",
        f"{waiting} persons' affiliations wait to be confirmed: {base}{reverse('statements_affiliations')}",
    ]
