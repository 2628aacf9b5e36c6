"""The demo's case records: forty fictional persons, their timelines, and press releases that name them.

Everyone here is invented. Twelve of the persons are the people the demo newsroom's
generated stories already speak of (``bayan.newsroom.demo.PEOPLE``), so its posts link
to them; the other twenty-eight have press releases of their own, written below in both
languages as translations of each other. Those name persons the way real statements do:
with Arabic prefixes («لميسون», «ووائل»), other spellings (Samira Toumeh, Sameera Touma;
سميرة طعمة, سميره طعمه), several persons at once.

Some dates count back from the day the demo is built, so that its anniversaries page
always has something in the next thirty days. ``demo_posts_and_named_persons()`` gives
the truth of who each demo post names, for measuring the name suggestions against.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from bayan.newsroom.demo import PEOPLE, SENTENCES, TAGS
from bayan.newsroom.models import Category, PostPage
from bayan.newsroom.services import add_post, author_named, tag_named

from .dates import PartialDate, Precision
from .models import Event, EventSource, LinkState, Person, PostPerson, Role, Visibility


@dataclass(frozen=True)
class Ago:
    """A date counted back from the day the demo is built: ``years`` earlier, shifted by ``days``.

    ``Ago(5, 9)`` is nine years before five days from now: its ninth anniversary comes in five days.
    29 February falls on the 28th in a year without one.
    """

    days: int
    years: int
    precision: str = Precision.DAY

    def resolve(self, today):
        shifted = today + timedelta(days=self.days)
        try:
            day = shifted.replace(year=shifted.year - self.years)
        except ValueError:
            day = date(shifted.year - self.years, 2, 28)
        if self.precision == Precision.MONTH:
            day = day.replace(day=1)
        return PartialDate(day, self.precision)


def resolve(when, today):
    """A ``PartialDate`` from ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or an ``Ago``."""
    return when.resolve(today) if isinstance(when, Ago) else PartialDate.parse(when)


@dataclass(frozen=True)
class DemoPerson:
    name_en: str
    name_ar: str
    gender: str
    roles: tuple
    affiliation: int | None
    home: int
    aliases: tuple = ()
    visibility: str = Visibility.PUBLIC


# Where the persons come from and where things happened: (English, Arabic).
PLACES = [("Damascus", "دمشق"), ("Aleppo", "حلب"), ("Homs", "حمص"), ("Douma", "دوما"), ("Idlib", "إدلب"),
          ("Deir ez-Zor", "دير الزور"), ("Raqqa", "الرقة"), ("Daraa", "درعا"), ("Latakia", "اللاذقية"),
          ("Hama", "حماة")]
# Invented outlets and groups the persons worked with.
AFFILIATIONS = [("Sada Radio", "إذاعة صدى"), ("Qalam Weekly", "أسبوعية قلم"),
                ("Douma Documentation Group", "مجموعة دوما للتوثيق"), ("Bridges Legal Aid", "جسور للعون القانوني"),
                ("Orchard Software", "بستان للبرمجيات"), ("Free Lens Collective", "تجمّع العدسة الحرة"),
                ("Nawafez news site", "موقع نوافذ الإخباري")]
RESPONSIBLE = ["military intelligence", "an armed group", "the criminal security police", "unidentified gunmen",
               "the counter-terrorism court", "state security"]

# The twelve people of the newsroom demo's stories first (their posts name them exactly so), then the others.
PERSONS = {
    "rami": DemoPerson(*PEOPLE[0], "male", ("journalist",), 0, 0, ("Rami Hadad", "رامي الحداد")),
    "lina": DemoPerson(*PEOPLE[1], "female", ("journalist", "blogger"), 6, 1, ("Lina Sabbag",)),
    "omar": DemoPerson(*PEOPLE[2], "male", ("activist",), None, 2, ("Omar al-Khatib", "عمر خطيب")),
    "yara": DemoPerson(*PEOPLE[3], "female", ("human-rights-defender",), 5, 0, ("Yara Naser",)),
    "karim": DemoPerson(*PEOPLE[4], "male", ("media-worker",), 0, 8, ("Karim Darweesh", "كريم درويش")),
    "huda": DemoPerson(*PEOPLE[5], "female", ("lawyer",), 3, 0, ("Huda Zaytoun", "هدى الزيتون")),
    "fadi": DemoPerson(*PEOPLE[6], "male", ("citizen-journalist",), None, 7, ("Fadi Mansur",)),
    "nour": DemoPerson(*PEOPLE[7], "female", ("journalist",), 1, 9, ("Nour al-Aswad", "Nur Aswad")),
    "samir": DemoPerson(*PEOPLE[8], "male", ("software-developer",), 4, 1, ("Samir Qassab",)),
    "dalia": DemoPerson(*PEOPLE[9], "female", ("activist", "blogger"), None, 9, ("Dalia al-Hamwi", "داليا حموي")),
    "bassam": DemoPerson(*PEOPLE[10], "male", ("lawyer", "human-rights-defender"), 3, 0, ("Bassam al-Qudsi",)),
    "rasha": DemoPerson(*PEOPLE[11], "female", ("journalist",), 6, 8, ("Rasha Trabishi",)),
    "maysoun": DemoPerson("Maysoun Qaddour", "ميسون قدور", "female", ("human-rights-defender",), 2, 3,
                          ("Maisoun Kaddour", "ميسون قدّور")),
    "wael": DemoPerson("Wael Hamdan", "وائل حمدان", "male", ("activist",), 2, 3, ("Wail Hamdan", "وايل حمدان")),
    "samira": DemoPerson("Samira Toumeh", "سميرة طعمة", "female", ("human-rights-defender", "lawyer"), 2, 3,
                         ("Sameera Touma", "Samira Tohme", "سميره طعمه")),
    "nabil": DemoPerson("Nabil al-Shami", "نبيل الشامي", "male", ("activist",), 2, 3, ("Nabil Shami",)),
    "tarek": DemoPerson("Tarek Jabri", "طارق الجابري", "male", ("journalist",), 1, 0,
                        ("Tarek al-Jabri", "Tariq Jabri", "طارق جابري")),
    "amjad": DemoPerson("Amjad Sayegh", "أمجد الصايغ", "male", ("software-developer", "blogger"), 4, 0,
                        ("Amjad al-Sayegh", "Amjad Sayyegh", "امجد الصايغ")),
    "ghada": DemoPerson("Ghada Homsi", "غادة الحمصي", "female", ("journalist",), 1, 2,
                        ("Ghada al-Homsi", "غاده الحمصي")),
    "hussam": DemoPerson("Hussam Eid", "حسام عيد", "male", ("citizen-journalist",), None, 7, ("Husam Eid",)),
    "reem": DemoPerson("Reem Bitar", "ريم البيطار", "female", ("blogger",), None, 5, ("Rim al-Bitar",)),
    "ziad": DemoPerson("Ziad Kurdi", "زياد الكردي", "male", ("media-worker",), 0, 4, ("Ziad al-Kurdi", "Ziyad Kurdi")),
    "layal": DemoPerson("Layal Mahmoud", "ليال محمود", "female", ("journalist",), 6, 0, ("Layal Mahmud",)),
    "munir": DemoPerson("Munir Halabi", "منير الحلبي", "male", ("activist",), None, 1, ("Mounir al-Halabi",)),
    "dima": DemoPerson("Dima Kanaan", "ديما كنعان", "female", ("human-rights-defender",), 5, 2, ("Deema Kanan",)),
    "yusuf": DemoPerson("Yusuf Tamer", "يوسف تامر", "male", ("lawyer",), 3, 0, ("Youssef Tamer", "يوسف التامر")),
    "rula": DemoPerson("Rula Fakhoury", "رولا فاخوري", "female", ("blogger",), None, 8, ("Roula Fakhouri",)),
    "hani": DemoPerson("Hani Zoubi", "هاني الزعبي", "male", ("citizen-journalist",), None, 7, ("Hani al-Zoubi",)),
    "sawsan": DemoPerson("Sawsan Khoury", "سوسن خوري", "female", ("journalist",), 1, 9, ("Sawsan al-Khouri",)),
    "jad": DemoPerson("Jad Marouf", "جاد معروف", "male", ("media-worker",), 0, 8, ("Jad Maarouf",)),
    "mazen": DemoPerson("Mazen Obeid", "مازن عبيد", "male", ("activist", "blogger"), None, 2, ("Mazen Ubaid",)),
    "nisreen": DemoPerson("Nisreen Hallaq", "نسرين الحلاق", "female", ("journalist",), 6, 0,
                          ("Nesreen al-Hallaq",)),
    "firas": DemoPerson("Firas Sabbouh", "فراس صبوح", "male", ("citizen-journalist",), None, 5, ("Feras Sabbouh",)),
    "aya": DemoPerson("Aya Sharaf", "آية شرف", "female", ("software-developer",), 4, 1, ("Aya Charaf", "اية شرف")),
    "bilal": DemoPerson("Bilal Nahhas", "بلال النحاس", "male", ("journalist",), 1, 1, ("Bilal al-Nahhas",)),
    "hiba": DemoPerson("Hiba Qattan", "هبة القطان", "female", ("activist",), None, 2, ("Heba Kattan", "هبه القطان")),
    "ammar": DemoPerson("Ammar Sukkar", "عمار سكر", "male", ("media-worker",), 0, 6, ("Ammar Sukar",)),
    "lubna": DemoPerson("Lubna Masri", "لبنى المصري", "female", ("lawyer", "human-rights-defender"), 3, 0,
                        ("Lubna al-Masri",)),
    "ayham": DemoPerson("Ayham Kiwan", "أيهم كيوان", "male", ("citizen-journalist",), None, 9, ("Aiham Kiwan",)),
    # The family asked that the case stay unpublished: no post names her, and no public page may.
    "suha": DemoPerson("Suha Barazi", "سهى البرازي", "female", ("activist",), None, 9, ("Souha Barazi",),
                       visibility=Visibility.INTERNAL),
}

# (type, when, persons, place, responsible): the timelines. Several persons share one event when it
# happened to them together (the four abducted in Douma, the internal person arrested with a public one).
EVENTS = [
    ("abducted", "2013-12-09", ("maysoun", "wael", "samira", "nabil"), 3, 1),
    ("arrested", "2012-02-16", ("tarek",), 0, 0),
    ("sentenced", "2013-09", ("tarek",), 0, 4),
    ("released", "2015-08-10", ("tarek",), 0, None),
    ("arrested", "2019-03-04", ("tarek",), 0, 5),
    ("arrested", "2012-03-15", ("amjad",), 0, 0),
    ("transferred", "2012-12", ("amjad",), 0, 0),
    ("executed", "2015-10", ("amjad",), 0, 0),
    ("death_confirmed", "2017-08-01", ("amjad",), 0, None),
    ("detained", "2012-05", ("ghada",), 2, 5),
    ("released", "2015-06-12", ("ghada",), 0, None),
    ("arrested", "2016-02-29", ("hussam",), 7, 2),
    ("transferred", "2017-04-11", ("hussam",), 0, 2),
    ("disappeared", "2014", ("reem",), 5, None),
    ("killed", Ago(5, 9), ("ziad",), 4, 3),
    ("arrested", Ago(12, 3), ("layal",), 0, 5),
    ("charged", Ago(60, 3), ("layal",), 0, 4),
    ("tried", Ago(-40, 1), ("layal",), 0, 4),
    ("abducted", Ago(20, 6), ("munir",), 1, 3),
    ("detained", Ago(-120, 5), ("munir",), 0, 0),
    ("arrested", Ago(-30, 5), ("dima",), 2, 0),
    ("died_in_custody", Ago(25, 4), ("dima",), 0, 0),
    ("arrested", "2018-07", ("yusuf",), 0, 5),
    ("released", "2019-01-20", ("yusuf",), 0, None),
    ("disappeared", "2013-06", ("hani",), 7, None),
    ("death_confirmed", "2018-11-03", ("hani",), 7, None),
    ("arrested", "2020-09-01", ("sawsan",), 9, 2),
    ("sentenced", "2021-05-03", ("sawsan",), 0, 4),
    ("abducted", "2015", ("jad",), 8, 1),
    ("released", "2016-04-18", ("jad",), 8, None),
    ("arrested", "2011-11-20", ("mazen",), 2, 0),
    ("released", "2012-01-05", ("mazen",), 2, None),
    ("arrested", "2014-02-10", ("mazen",), 0, 5),
    ("released", "2017-12-22", ("mazen",), 0, None),
    ("arrested", "2022-03-08", ("nisreen", "suha"), 0, 5),
    ("killed", "2016-08-14", ("firas",), 5, 3),
    ("arrested", "2019-10-17", ("aya",), 1, 2),
    ("released", "2020-02-02", ("aya",), 1, None),
    ("arrested", "2017-01-09", ("bilal",), 1, 0),
    ("transferred", "2018-03", ("bilal",), 0, 0),
    ("disappeared", "2012-09-23", ("hiba",), 2, None),
    ("arrested", "2013-04-02", ("ammar",), 6, 1),
    ("released", "2013-10", ("ammar",), 6, None),
    ("arrested", "2021-11-30", ("lubna",), 0, 5),
    ("released", "2022-05-15", ("lubna",), 0, None),
    ("arrested", Ago(8, 1), ("lubna",), 0, 5),
    ("killed", "2018-02", ("ayham",), 9, 3),
    ("arrested", "2014-05-06", ("rami",), 0, 0),
    ("released", "2016-01-19", ("rami",), 0, None),
    ("disappeared", Ago(28, 2, Precision.MONTH), ("yara",), 0, None),
    ("arrested", "2015-03-22", ("omar",), 2, 5),
    ("detained", "2017", ("karim",), 8, 0),
    ("arrested", "2016-11-02", ("huda",), 0, 5),
    ("released", "2017-06-30", ("huda",), 0, None),
    ("abducted", "2014-07-19", ("fadi",), 7, 1),
    ("killed", "2014-08", ("fadi",), 7, 1),
    ("arrested", "2018-09-12", ("nour",), 9, 2),
    ("arrested", "2020-01-28", ("samir",), 1, 0),
    ("released", "2021-03-15", ("samir",), 1, None),
    ("arrested", "2023-06-01", ("samir",), 1, 0),
    ("arrested", "2019-12-02", ("dalia",), 9, 5),
    ("released", "2020-07-07", ("dalia",), 9, None),
    ("arrested", "2016-10-10", ("bassam",), 0, 5),
    ("charged", "2016-10-24", ("bassam",), 0, 4),
    ("arrested", "2021-04-04", ("rasha",), 8, 2),
    ("released", "2021-04-30", ("rasha",), 8, None),
]


@dataclass(frozen=True)
class DemoStory:
    """A press release in both languages; ``names`` are the persons it names (in any spelling)."""

    when: object
    category: str
    tags: tuple
    names: tuple
    title: tuple
    paragraphs: tuple


# Each text writes the names as statements do: other spellings, Arabic prefixes, several persons at once.
STORIES = [
    DemoStory("2013-12-12", "press-release", (0, 2, 6), ("maysoun", "wael", "samira", "nabil"),
              ("Four human rights defenders abducted from their office in Douma",
               "اختطاف أربعة من المدافعين عن حقوق الإنسان من مكتبهم في دوما"),
              (("Armed men abducted Maysoun Qaddour, Wael Hamdan, Samira Toumeh and Nabil al-Shami from the office "
                "of the Douma Documentation Group on the night of 9 December.",
                "اختطف مسلحون ميسون قدور ووائل حمدان وسميرة طعمة ونبيل الشامي من مكتب مجموعة دوما للتوثيق "
                "ليلة التاسع من كانون الأول."),
               ("The four had documented detentions and shelling in the town for two years.",
                "وكان الأربعة يوثقون الاعتقالات والقصف في المدينة منذ عامين."))),
    DemoStory("2017-12-09", "statement", (2, 7, 8), ("maysoun", "wael", "samira", "nabil"),
              ("Four years on, where are Maysoun, Wael, Samira and Nabil?",
               "بعد أربع سنوات: أين ميسون ووائل وسميرة ونبيل؟"),
              (("Four years after their abduction, we still ask for news of Maisoun Kaddour, Wael Hamdan, "
                "Sameera Touma and Nabil Shami.",
                "بعد أربع سنوات على اختطافهم، ما زلنا نسأل عن مصير ميسون قدّور ووائل حمدان وسميره طعمه "
                "ونبيل الشامي."),
               ("Those who hold them know where they are; the families have waited long enough.",
                "من يحتجزهم يعرف مكانهم، وقد طال انتظار العائلات بما يكفي."),
               ("Our thoughts go to the children of Maysoun Qaddour, who have grown up without her.",
                "نفكر اليوم بأطفال ميسون قدور الذين كبروا بعيدا عنها، ونقول لميسون قدور: لن ننساك."))),
    DemoStory("2012-02-20", "press-release", (1, 0), ("tarek",),
              ("Journalist Tarek Jabri arrested in Damascus", "اعتقال الصحفي طارق الجابري في دمشق"),
              (("Military intelligence officers arrested Tarek Jabri, a reporter for Qalam Weekly, at his desk "
                "on 16 February.",
                "اعتقل عناصر من المخابرات العسكرية طارق الجابري، مراسل أسبوعية قلم، من مكتبه في السادس عشر "
                "من شباط."),)),
    DemoStory("2015-08-12", "news", (1,), ("tarek", "ghada"),
              ("Tarek al-Jabri released after three and a half years", "الإفراج عن طارق الجابري بعد ثلاث سنوات ونصف"),
              (("Tarek al-Jabri walked out of prison on 10 August, two months after his colleague Ghada Homsi "
                "was freed.",
                "خرج طارق الجابري من السجن في العاشر من آب، بعد شهرين من الإفراج عن زميلته غادة الحمصي."),
               ("We welcome both releases and repeat that neither should have spent a day in detention.",
                "نرحب بالإفراج عنهما، ونكرر أنه ما كان لأي منهما أن يقضي يوما واحدا في الاحتجاز. "
                "ونقول لطارق الجابري ولغادة الحمصي: أهلا بعودتكما."))),
    DemoStory("2019-03-06", "press-release", (1, 0), ("tarek",),
              ("Tariq Jabri arrested again, four years after his release",
               "اعتقال طارق جابري مجددا بعد أربع سنوات من الإفراج عنه"),
              (("State security officers arrested the journalist Tariq Jabri at his home on 4 March.",
                "اعتقل عناصر أمن الدولة الصحفي طارق جابري من منزله في الرابع من آذار."),
               ("He had spent three and a half years in prison for his reporting.",
                "وكان قد أمضى ثلاث سنوات ونصفا في السجن بسبب عمله الصحفي."))),
    DemoStory("2012-03-20", "press-release", (0, 5), ("amjad",),
              ("Software developer Amjad Sayegh detained", "احتجاز مطور البرمجيات امجد الصايغ"),
              (("Amjad Sayegh, who taught young people to publish safely online, was detained on 15 March.",
                "احتُجز امجد الصايغ، الذي علّم الشباب النشر الآمن على الإنترنت، في الخامس عشر من آذار."),)),
    DemoStory("2017-08-02", "statement", (9, 5), ("amjad",),
              ("We mourn Amjad al-Sayegh, executed in secret in October 2015",
               "ننعى أمجد الصايغ الذي أُعدم سرا في تشرين الأول 2015"),
              (("His family learned only this week that Amjad al-Sayegh was executed nearly two years ago.",
                "علمت عائلة أمجد الصايغ هذا الأسبوع فقط أنه أُعدم قبل نحو عامين."),
               ("Those responsible for the death of Amjad Sayyegh must answer for it.",
                "يجب أن يُحاسب المسؤولون عمّا جرى لأمجد الصايغ."))),
    DemoStory("2016-03-03", "press-release", (1, 0), ("hussam",),
              ("Citizen journalist Hussam Eid arrested in Daraa", "اعتقال الصحفي المواطن حسام عيد في درعا"),
              (("Hussam Eid was stopped at a checkpoint on 29 February while carrying his camera.",
                "أوقف حسام عيد على حاجز في التاسع والعشرين من شباط وهو يحمل كاميرته."),)),
    DemoStory(Ago(-10, 0), "statement", (1, 8, 0), ("layal", "nisreen", "hussam", "tarek"),
              ("Joint statement: free the journalists held without trial",
               "بيان مشترك: أطلقوا سراح الصحفيين المحتجزين دون محاكمة"),
              (("We, the undersigned organisations, call for the release of Layal Mahmoud, Nisreen Hallaq, "
                "Husam Eid and Tarek al-Jabri.",
                "نحن المنظمات الموقعة أدناه نطالب بالإفراج عن ليال محمود ونسرين الحلاق وحسام عيد "
                "وطارق الجابري."),
               ("Each of them is held for journalism alone.", "كل منهم محتجز بسبب عمله الصحفي وحده."))),
    DemoStory(Ago(7, 9), "news", (14,), ("ziad",),
              ("Media worker Ziad al-Kurdi killed in Idlib", "مقتل العامل في الإعلام زياد الكردي في إدلب"),
              (("Ziad al-Kurdi, a cameraman for Sada Radio, was shot dead by unidentified gunmen two days ago.",
                "قُتل زياد الكردي، المصور في إذاعة صدى، برصاص مسلحين مجهولين قبل يومين."),)),
    DemoStory(Ago(-95, 5), "news", (2, 0), ("munir",),
              ("Missing activist Munir Halabi found in a detention centre",
               "العثور على الناشط المختفي منير الحلبي في مركز احتجاز"),
              (("Months after he was abducted in Aleppo, the family of Mounir al-Halabi learned he is held by "
                "military intelligence.",
                "بعد أشهر على اختطافه في حلب، علمت عائلة منير الحلبي أنه محتجز لدى المخابرات العسكرية."),
               ("Nobody has explained what happened to Munir Halabi in that year.",
                "لم يشرح أحد ما جرى لمنير الحلبي خلال ذلك العام."))),
    DemoStory(Ago(27, 4), "press-release", (3, 6), ("dima",),
              ("Human rights defender Dima Kanaan dies in custody",
               "وفاة المدافعة عن حقوق الإنسان ديما كنعان في الاحتجاز"),
              (("Dima Kanaan died in custody two days ago, more than a year after her arrest in Homs.",
                "توفيت ديما كنعان في الاحتجاز قبل يومين، بعد أكثر من عام على اعتقالها في حمص."),)),
    DemoStory("2018-11-05", "statement", (2, 9), ("hani",),
              ("Hani al-Zoubi is dead, his family has been told", "إبلاغ عائلة هاني الزعبي بوفاته"),
              (("Five years after he disappeared, the family of Hani al-Zoubi received a death certificate.",
                "بعد خمس سنوات على اختفائه، تسلمت عائلة هاني الزعبي شهادة وفاته."),)),
    DemoStory(Ago(10, 1), "press-release", (6, 0), ("lubna", "yusuf"),
              ("Lawyer Lubna Masri arrested for the second time", "اعتقال المحامية لبنى المصري للمرة الثانية"),
              (("Lubna al-Masri was arrested two days ago outside the court where she defends detainees.",
                "اعتُقلت لبنى المصري قبل يومين أمام المحكمة التي تدافع فيها عن المعتقلين."),
               ("Her colleague Youssef Tamer, himself detained in 2018, is representing her.",
                "ويتولى الدفاع عنها زميلها يوسف تامر، الذي اعتُقل بدوره عام 2018."))),
    DemoStory("2020-02-04", "news", (5,), ("aya",),
              ("Aya Sharaf released", "الإفراج عن اية شرف"),
              (("The software developer Aya Sharaf was released on 2 February after four months.",
                "أُفرج عن مطورة البرمجيات اية شرف في الثاني من شباط بعد أربعة أشهر."),)),
    DemoStory("2017-12-28", "news", (0,), ("mazen", "jad"),
              ("Mazen Obeid free after his second detention", "مازن عبيد حرا بعد اعتقاله الثاني"),
              (("Mazen Obeid was released on 22 December; like Jad Marouf last year, he says he will keep "
                "writing.",
                "أُفرج عن مازن عبيد في الثاني والعشرين من كانون الأول، ويقول مثل جاد معروف في العام الماضي "
                "إنه سيواصل الكتابة."),)),
    DemoStory(Ago(-30, 0), "report", (1, 2, 14), ("reem", "hiba", "bilal", "sawsan", "ammar", "firas", "ayham"),
              ("The year in review: journalists and activists still missing, detained or killed",
               "حصيلة العام: صحفيون وناشطون ما زالوا مختفين أو محتجزين أو قُتلوا"),
              (("Reem Bitar and Heba Kattan are still missing; Bilal Nahhas and Sawsan Khoury are still "
                "detained.",
                "ما زالت ريم البيطار وهبه القطان مختفيتين، وما زال بلال النحاس وسوسن خوري محتجزين."),
               ("We remember Ammar Sukkar, detained for six months in 2013, and Firas Sabbouh and Ayham Kiwan, "
                "killed while filming.",
                "ونستذكر عمار سكر الذي احتُجز ستة أشهر عام 2013، وفراس صبوح وأيهم كيوان اللذين قُتلا "
                "أثناء التصوير."))),
]

# A role as a bio says it: (English, Arabic for a man, Arabic for a woman).
ROLE_WORDS = {
    "journalist": ("journalist", "صحفي", "صحفية"),
    "media-worker": ("media worker", "عامل في الإعلام", "عاملة في الإعلام"),
    "citizen-journalist": ("citizen journalist", "صحفي مواطن", "صحفية مواطنة"),
    "blogger": ("blogger", "مدوّن", "مدوّنة"),
    "lawyer": ("lawyer", "محامٍ", "محامية"),
    "human-rights-defender": ("human rights defender", "مدافع عن حقوق الإنسان", "مدافعة عن حقوق الإنسان"),
    "activist": ("activist", "ناشط", "ناشطة"),
    "software-developer": ("software developer", "مطوّر برمجيات", "مطوّرة برمجيات"),
}
# Second sentences of the bios: {his} and {h} (ه or ها) follow the person's gender.
BIO_ENDINGS = [
    ("Our legal unit follows {his} case.", "تتابع وحدتنا القانونية قضيت{h}."),
    ("We publish on {his} case with {his} family's agreement.", "ننشر عن قضيت{h} بموافقة عائلت{h}."),
    ("Colleagues remember {his} patience with every source.", "يتذكر الزملاء صبر{h} مع كل مصدر."),
]


def bios(person, number):
    """The short biographies in English and Arabic, from the person's role, home town and affiliation."""
    female = person.gender == "female"
    english_role, *arabic_roles = ROLE_WORDS[person.roles[0]]
    arabic_role = arabic_roles[1 if female else 0]
    place_en, place_ar = PLACES[person.home]
    english = f"{person.name_en} is a {english_role} from {place_en}"
    arabic = f"{person.name_ar} {arabic_role} من {place_ar}"
    if person.affiliation is not None:
        affiliation_en, affiliation_ar = AFFILIATIONS[person.affiliation]
        english += f" who has worked with {affiliation_en}"
        arabic += f"، {'عملت' if female else 'عمل'} مع {affiliation_ar}"
    ending_en, ending_ar = BIO_ENDINGS[number % len(BIO_ENDINGS)]
    english += ". " + ending_en.format(his="her" if female else "his").capitalize()
    arabic += ". " + ending_ar.format(h="ها" if female else "ه")
    return english, arabic


def story_slug(number):
    """The address of a demo story's post in ``language`` (the same in both for the English title)."""
    title = STORIES[number].title[0]
    return f"{slugify(' '.join(title.split()[:7]))[:70].strip('-')}-{number + 1}"


@transaction.atomic
def add_demo_persons(sender, homes, **kwargs):
    """The persons, their timelines, their press releases, and every demo post linked to whom it names."""
    today = timezone.localdate()
    persons = _make_persons()
    events = _make_events(persons, today)
    _tell_stories(today)
    _link_named_persons()
    _cite_posts_as_sources(events, persons)


def _make_persons():
    roles = {role.slug: role for role in Role.objects.all()}
    made = {}
    for number, (key, spec) in enumerate(PERSONS.items()):
        bio_en, bio_ar = bios(spec, number)
        person = Person.objects.create(
            name_en=spec.name_en, name_ar=spec.name_ar, aliases="\n".join(spec.aliases), gender=spec.gender,
            affiliation=AFFILIATIONS[spec.affiliation][0] if spec.affiliation is not None else "",
            bio_en=bio_en, bio_ar=bio_ar, visibility=spec.visibility)
        person.roles.set([roles[slug] for slug in spec.roles if slug in roles])
        made[key] = person
    return made


def _make_events(persons, today):
    made = []
    for type, when, keys, place, responsible in EVENTS:
        day = resolve(when, today)
        event = Event(type=type, date=day.first_day, precision=day.precision, place=PLACES[place][0],
                      responsible=RESPONSIBLE[responsible] if responsible is not None else "")
        event.persons = [persons[key] for key in keys]
        event.save()
        made.append(event)
    return made


def _tell_stories(today):
    """Each story as an English post and its Arabic translation, under the categories the newsroom has."""
    categories = {(category.locale.language_code, category.translation_key): category
                  for category in Category.objects.select_related("locale")}
    english_categories = {category.slug: category.translation_key
                          for category in Category.objects.filter(locale__language_code="en")}
    english_tags = [tag_named(english, language="en") for english, _arabic in TAGS]
    tags = {"en": english_tags, "ar": [tag_named(arabic, language="ar", translation_of=english)
                                       for (_english, arabic), english in zip(TAGS, english_tags, strict=True)]}
    author = author_named("Legal unit", "legal-unit", names={"ar": "الوحدة القانونية"})
    for number, story in enumerate(STORIES):
        published = timezone.make_aware(datetime.combine(resolve(story.when, today).first_day, time(10, 30)))
        first = None
        for side, language in enumerate(("en", "ar")):
            body = "".join(f"<p>{escape(paragraph[side])}</p>" for paragraph in story.paragraphs)
            body += f"<p>{escape(SENTENCES[number % len(SENTENCES)][side])}</p>"
            post = add_post(
                language, story.title[side], body=body, date=published, slug=story_slug(number),
                category=categories.get((language, english_categories.get(story.category))),
                tags=[tags[language][index] for index in story.tags], authors=[author], translation_of=first)
            first = first or post


def demo_posts_and_named_persons():
    """[(post, {ids of the persons it names})] for every post of the demo: the truth suggestions are measured by.

    The newsroom's generated stories name one of its people, written exactly (their opening
    sentence always does); the stories above name the persons listed with them, in whatever
    spelling their text uses.
    """
    ids = _person_ids()
    written = {key: (PERSONS[key].name_en, PERSONS[key].name_ar) for key in list(PERSONS)[:len(PEOPLE)]}
    by_slug = {(language, story_slug(number)): story
               for number, story in enumerate(STORIES) for language in ("en", "ar")}
    truth = []
    for post in PostPage.objects.select_related("locale").order_by("pk"):
        story = by_slug.get((post.locale.language_code, post.slug))
        if story is not None:
            named = {ids[key] for key in story.names}
        else:
            text = f"{post.title} {post.body}"
            named = {ids[key] for key, names in written.items() if any(name in text for name in names)}
        truth.append((post, named))
    return truth


def _person_ids():
    """{demo key: person id}, found by the slugs the demo's names give."""
    slugs = {slugify(spec.name_en): key for key, spec in PERSONS.items()}
    return {slugs[slug]: pk for slug, pk in Person.objects.filter(slug__in=slugs).values_list("slug", "pk")}


def _link_named_persons():
    PostPerson.objects.bulk_create(
        [PostPerson(post=post, person_id=person_id, state=LinkState.LINKED)
         for post, named in demo_posts_and_named_persons() for person_id in sorted(named)],
        # Publishing a post already suggested the persons it names: the demo's editor accepts them.
        update_conflicts=True, unique_fields=["post", "person"], update_fields=["state"])


def _cite_posts_as_sources(events, persons):
    """A story's post is the source of the event it reports: the last one of its persons before it."""
    key_of = {person.pk: key for key, person in persons.items()}
    sources = []
    for event in events:
        keys = {key_of[person.pk] for person in event.persons.all()}
        for number, story in enumerate(STORIES):
            if not keys & set(story.names):
                continue
            post = PostPage.objects.filter(locale__language_code="en", slug=story_slug(number)).first()
            if post and timedelta(0) <= post.date.date() - event.date <= timedelta(days=7):
                sources.append(EventSource(event=event, post=post))
    EventSource.objects.bulk_create(sources)
