"""A bilingual demo newsroom, generated from a seed: fictional people, invented organisations, real place names.

Every text here is composed from the phrase lists below, so the demo reads like
a press-freedom organisation's archive without reproducing anyone's statement.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from .models import Category, HomePage, PostPage
from .services import add_post, author_named, tag_named
from .signals import demo_built

# (English, Arabic) pairs: the same fictional person or place in both scripts.
PEOPLE = [
    ("Rami Haddad", "رامي حداد"), ("Lina Sabbagh", "لينا صباغ"), ("Omar Khatib", "عمر الخطيب"),
    ("Yara Nasser", "يارا ناصر"), ("Karim Darwish", "كريم درويش"), ("Huda Zaitoun", "هدى زيتون"),
    ("Fadi Mansour", "فادي منصور"), ("Nour Aswad", "نور الأسود"), ("Samir Kassab", "سمير قصاب"),
    ("Dalia Hamwi", "داليا الحموي"), ("Bassam Qudsi", "بسام القدسي"), ("Rasha Tarabishi", "رشا طرابيشي"),
]
PLACES = [
    ("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Homs", "حمص"), ("Douma", "دوما"), ("Idlib", "إدلب"),
    ("Deir ez-Zor", "دير الزور"), ("Raqqa", "الرقة"), ("Daraa", "درعا"), ("Latakia", "اللاذقية"),
]
ORGANISATION = ("the Centre for Free Expression", "مركز حرية التعبير")
ORDINALS = [("first", "الأولى"), ("second", "الثانية"), ("third", "الثالثة"), ("fourth", "الرابعة"),
            ("fifth", "الخامسة")]

# Fifteen subjects, each a tag in both languages. The first is the demo's big tag.
TAGS = [
    ("arresting activists", "اعتقال الناشطين"), ("detained journalists", "الصحفيون المعتقلون"),
    ("enforced disappearance", "الاختفاء القسري"), ("torture", "التعذيب"), ("military courts", "المحاكم العسكرية"),
    ("freedom of expression", "حرية التعبير"), ("human rights defenders", "المدافعون عن حقوق الإنسان"),
    ("anniversary", "الذكرى السنوية"), ("joint statement", "بيان مشترك"), ("accountability", "المساءلة"),
    ("internet censorship", "الرقابة على الإنترنت"), ("travel ban", "منع السفر"),
    ("hunger strike", "الإضراب عن الطعام"), ("UN Human Rights Council", "مجلس حقوق الإنسان"),
    ("media workers", "العاملون في الإعلام"),
]
# Bylines: the name, its slug, and how it is written on Arabic pages.
AUTHORS = [("Editorial team", "editorial-team", "فريق التحرير"), ("Legal unit", "legal-unit", "الوحدة القانونية"),
           ("Monitoring unit", "monitoring-unit", "وحدة الرصد"), ("Communications", "communications", "قسم الإعلام")]

# Headlines: {person}, {place}, {org}, {ordinal}; category slug; which tag indexes they carry.
HEADLINES = [
    ("Authorities must release journalist {person} detained in {place} without charge",
     "على السلطات الإفراج عن الصحفي {person} المحتجز في {place} دون تهمة", "press-release", [0, 1]),
    ("On the {ordinal} anniversary of the disappearance of {person}, we ask: where is {person}?",
     "في الذكرى {ordinal} لاختفاء {person}: أين {person}؟", "statement", [2, 7]),
    ("Joint statement: end the prosecution of activists before military courts",
     "بيان مشترك: أوقفوا محاكمة الناشطين أمام المحاكم العسكرية", "statement", [0, 4, 8]),
    ("{org} condemns the arrest of {person} at a checkpoint near {place}",
     "{org} يدين اعتقال {person} على حاجز قرب {place}", "press-release", [0, 6]),
    ("Report documents the torture of detained media workers in {place}",
     "تقرير يوثق تعذيب العاملين في الإعلام المحتجزين في {place}", "report", [3, 14, 1]),
    ("Rights groups urge the Human Rights Council to act on enforced disappearances",
     "منظمات حقوقية تطالب مجلس حقوق الإنسان بالتحرك بشأن الاختفاء القسري", "statement", [2, 13, 8]),
    ("Activist {person} begins a hunger strike in {place} central prison",
     "الناشط {person} يبدأ إضرابا عن الطعام في سجن {place} المركزي", "news", [12, 0]),
    ("New restrictions on news websites deepen internet censorship",
     "قيود جديدة على المواقع الإخبارية تعمق الرقابة على الإنترنت", "news", [10, 5]),
    ("Travel ban imposed on human rights defender {person}",
     "فرض منع السفر على المدافع عن حقوق الإنسان {person}", "press-release", [11, 6, 0]),
    ("Accountability for crimes against journalists cannot wait any longer",
     "المساءلة عن الجرائم بحق الصحفيين لا تحتمل مزيدا من الانتظار", "report", [9, 1, 5]),
]

OPENINGS = [
    ("On {date}, security forces in {place} detained {person}, a journalist who had reported on conditions "
     "in the city for several years.",
     "في {date} اعتقلت قوات الأمن في {place} {person}، وهو صحفي غطى أوضاع المدينة لسنوات عدة."),
    ("{org} has learned that {person} was taken from home in {place} on {date} and has not been seen since.",
     "علم {org} أن {person} اقتيد من منزله في {place} بتاريخ {date} ولم يظهر منذ ذلك الحين."),
    ("We, the undersigned organisations, express our deep concern for the safety of {person}, held since "
     "{date} in {place}.",
     "نحن المنظمات الموقعة أدناه نعبر عن قلقنا البالغ على سلامة {person} المحتجز منذ {date} في {place}."),
]
SENTENCES = [
    ("The family has received no official information about the place of detention.",
     "لم تتلق العائلة أي معلومات رسمية عن مكان الاحتجاز."),
    ("Lawyers have been refused access to the case file and to their client.",
     "رُفض طلب المحامين الاطلاع على ملف القضية ومقابلة موكلهم."),
    ("No charge has been brought, and no court has reviewed the detention.",
     "لم توجه أي تهمة، ولم تنظر أي محكمة في قانونية الاحتجاز."),
    ("Former detainees describe overcrowded cells, beatings and denial of medical care.",
     "يصف معتقلون سابقون زنازين مكتظة وضربا وحرمانا من الرعاية الطبية."),
    ("Journalists in the region work under constant threat of arrest for what they publish.",
     "يعمل الصحفيون في المنطقة تحت تهديد دائم بالاعتقال بسبب ما ينشرونه."),
    ("International law prohibits enforced disappearance in all circumstances.",
     "يحظر القانون الدولي الاختفاء القسري في جميع الظروف."),
    ("Trials before exceptional courts deny defendants the most basic guarantees of a fair hearing.",
     "تحرم المحاكمات أمام المحاكم الاستثنائية المتهمين من أبسط ضمانات المحاكمة العادلة."),
    ("Witnesses say the arrest took place without a warrant and in front of neighbours.",
     "يقول شهود إن الاعتقال جرى دون مذكرة قضائية وأمام الجيران."),
    ("The organisation has documented dozens of similar cases over the past year.",
     "وثقت المنظمة عشرات الحالات المماثلة خلال العام الماضي."),
    ("Every day of silence adds to the suffering of families who wait for news.",
     "كل يوم من الصمت يزيد من معاناة العائلات التي تنتظر أي خبر."),
]
DEMANDS = [
    ("We call for the immediate and unconditional release of {person} and of every person detained for "
     "peaceful expression.",
     "نطالب بالإفراج الفوري وغير المشروط عن {person} وعن كل من احتجز بسبب تعبيره السلمي."),
    ("We urge the authorities to disclose the fate and whereabouts of {person} without delay.",
     "نحث السلطات على الكشف عن مصير {person} ومكان وجوده دون تأخير."),
    ("We ask the Human Rights Council and its special procedures to raise this case publicly.",
     "نطلب من مجلس حقوق الإنسان وإجراءاته الخاصة إثارة هذه القضية علنا."),
]


@dataclass
class Story:
    """One event, told in one or both languages."""

    headline: int
    person: int
    place: int
    ordinal: int
    date: datetime
    author: int
    languages: tuple
    extra_tags: list


def plan_stories(count, seed):
    """Decide which stories the demo tells, in which languages, on which dates (oldest first)."""
    rng = random.Random(seed)
    start = datetime(2014, 1, 15, 9, 30)
    span = (datetime(2026, 10, 1) - start).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(count))
    stories = []
    for offset in offsets:
        roll = rng.random()
        languages = ("en", "ar") if roll < 0.45 else ("en",) if roll < 0.73 else ("ar",)
        headline = rng.randrange(len(HEADLINES))
        extra = rng.sample(range(len(TAGS)), rng.randint(0, 2))
        if rng.random() < 0.22:
            extra.append(0)
        stories.append(Story(
            headline, rng.randrange(len(PEOPLE)), rng.randrange(len(PLACES)), rng.randrange(len(ORDINALS)),
            start + timedelta(seconds=int(offset)), rng.randrange(len(AUTHORS)), languages, extra,
        ))
    return stories


def compose(story, language, rng):
    """The title and HTML body of ``story`` in ``language``."""
    side = 0 if language == "en" else 1
    values = {
        "person": PEOPLE[story.person][side],
        "place": PLACES[story.place][side],
        "org": ORGANISATION[side],
        "ordinal": ORDINALS[story.ordinal][side],
        "date": story.date.strftime("%d %B %Y") if side == 0 else story.date.strftime("%d/%m/%Y"),
    }
    title = _sentence_start(HEADLINES[story.headline][side].format(**values))
    paragraphs = [_sentence_start(rng.choice(OPENINGS)[side].format(**values))]
    # Each sentence is used at most once per story, split into paragraphs of two or three.
    remaining = rng.sample(SENTENCES, len(SENTENCES))[: rng.randint(4, 8)]
    while remaining:
        size = 3 if len(remaining) in (3, 6) else 2
        paragraphs.append(" ".join(sentence[side] for sentence in remaining[:size]))
        remaining = remaining[size:]
    paragraphs.append(rng.choice(DEMANDS)[side].format(**values))
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return title, body


def _sentence_start(text):
    """``text`` with a capital first letter, as an editor writes a headline ("The Centre ...", not "the Centre")."""
    return text[:1].upper() + text[1:]


@transaction.atomic
def build_demo(stories=230, seed=7, progress=None, notes=None):
    """Create the demo newsroom (idempotent: does nothing if posts exist). Returns the number of posts made.

    ``notes``, a list, receives the lines the apps' parts of the demo hand back for the operator.
    """
    if PostPage.objects.exists():
        return 0
    rng = random.Random(seed)
    authors = [author_named(name, slug, names={"ar": arabic}) for name, slug, arabic in AUTHORS]
    english_tags = [tag_named(english, language="en") for english, _arabic in TAGS]
    tags = {
        "en": english_tags,
        # Each Arabic tag is the English one's translation, so the language switcher links the two archives.
        "ar": [tag_named(arabic, language="ar", translation_of=english)
               for (_english, arabic), english in zip(TAGS, english_tags, strict=True)],
    }
    category_keys = {
        category.slug: category.translation_key for category in Category.objects.filter(locale__language_code="en")}
    made = 0
    used_slugs = set()
    for number, story in enumerate(plan_stories(stories, seed), start=1):
        headline = HEADLINES[story.headline]
        first = None
        for language in story.languages:
            category = Category.objects.get(locale__language_code=language, translation_key=category_keys[headline[2]])
            title, body = compose(story, language, rng)
            slug = _unique_slug(title, number, used_slugs)
            tag_indexes = sorted(set(headline[3]) | set(story.extra_tags))
            post = add_post(
                language, title, body=body, date=timezone.make_aware(story.date), category=category,
                tags=[tags[language][index] for index in tag_indexes], authors=[authors[story.author]],
                slug=slug, translation_of=first,
            )
            first = first or post
            made += 1
        if progress:
            progress(number, made)
    homes = {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}
    answers = demo_built.send(sender=build_demo, homes=homes)
    if notes is not None:
        notes.extend(line for _receiver, lines in answers for line in lines or ())
    return made


def _unique_slug(title, number, used):
    base = slugify(" ".join(title.split()[:7]), allow_unicode=True)[:80].strip("-") or "post"
    slug = base if base not in used else f"{base}-{number}"
    used.add(slug)
    return slug
