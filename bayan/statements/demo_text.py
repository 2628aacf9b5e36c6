"""What the demo's joint statements say and who signs them: sixty organisations and twelve statements.

Everything here is invented: the organisations, their websites (on the example.org and
example.net domains, which belong to no one), the individuals who sign in their own name
and the statements' wording. The persons the statements speak of are the newsroom demo's
people (``bayan.newsroom.demo.PEOPLE``), written exactly as the demo writes them, so that
the case records link each statement to whom it names.
"""

from dataclasses import dataclass

from bayan.newsroom.demo import PEOPLE


@dataclass(frozen=True)
class DemoOrganisation:
    name_en: str
    name_ar: str
    kind: str
    country: str
    short_en: str = ""
    short_ar: str = ""
    site: str = ""
    aliases: tuple = ()
    internal: bool = False


Org = DemoOrganisation
# The first is the demo's own centre (bayan/identity/demo.py): it signs every statement it publishes.
# The next seven are the outlets and groups the case records' persons worked with (bayan/cases/demo.py).
ORGANISATIONS = [
    Org("Centre for Free Expression", "مركز حرية التعبير", "ngo", "FR", "CFE", "حرية", "cfe.example.org",
      ("Center for Free Expression",)),
    Org("Sada Radio", "إذاعة صدى", "media", "SY", site="sada-radio.example.net", aliases=("Radio Sada", "راديو صدى")),
    Org("Qalam Weekly", "أسبوعية قلم", "media", "SY", site="qalam.example.net"),
    Org("Douma Documentation Group", "مجموعة دوما للتوثيق", "ngo", "SY", "DDG"),
    Org("Bridges Legal Aid", "جسور للعون القانوني", "ngo", "LB", site="bridges-aid.example.org",
      aliases=("Jusoor Legal Aid",)),
    Org("Orchard Software", "بستان للبرمجيات", "other", "SY"),
    Org("Free Lens Collective", "تجمّع العدسة الحرة", "network", "TR", site="freelens.example.org"),
    Org("Nawafez News", "نوافذ الإخبارية", "media", "SY", aliases=("Nawafez news site", "موقع نوافذ الإخباري")),
    Org("Lantern Network for Press Freedom", "شبكة الفانوس لحرية الصحافة", "network", "LB", "LNPF", "الفانوس",
      "lantern.example.org", ("Al-Fanous Network",)),
    Org("Cedar Coast Journalists' Union", "نقابة صحفيي ساحل الأرز", "union", "LB"),
    Org("Jasmine Watch for Human Rights", "مرصد الياسمين لحقوق الإنسان", "ngo", "TN", "JWHR",
        site="jasmine.example.org"),
    Org("Euphrates Legal Forum", "منتدى الفرات القانوني", "ngo", "IQ"),
    Org("Tigris Women Journalists' Network", "شبكة صحفيات دجلة", "network", "IQ", site="tigris-women.example.net"),
    Org("Nile Valley Observatory for Detainees", "مرصد وادي النيل للمعتقلين", "ngo", "EG", "NVOD"),
    Org("Atlas Free Media Association", "جمعية أطلس للإعلام الحر", "ngo", "MA", site="atlas-media.example.org"),
    Org("Sahara Bloggers' Circle", "حلقة مدوني الصحراء", "network", "DZ"),
    Org("Mocha Coast Reporters' Syndicate", "نقابة مراسلي ساحل المخا", "union", "YE"),
    Org("Blue Nile Defenders' Collective", "تجمّع المدافعين في النيل الأزرق", "ngo", "SD"),
    Org("Cyrene Media Monitor", "مرصد قورينا للإعلام", "ngo", "LY", site="cyrene.example.net"),
    Org("Olive Grove Legal Centre", "مركز كرم الزيتون القانوني", "ngo", "PS",
        aliases=("Karm al-Zaytoun Legal Centre",)),
    Org("Petra Independent Radio", "إذاعة البتراء المستقلة", "media", "JO", site="petra-radio.example.net"),
    Org("Gulf Pen Initiative", "مبادرة قلم الخليج", "ngo", "KW"),
    Org("Pearl Coast Rights Group", "مجموعة ساحل اللؤلؤ للحقوق", "ngo", "BH"),
    Org("Bosphorus Exile Press Club", "نادي صحافة المنفى على البوسفور", "network", "TR"),
    Org("Hawa Radio", "راديو هوا", "media", "TR", site="hawa.example.net"),
    Org("Rhine Solidarity with Syrian Journalists", "تضامن الراين مع الصحفيين السوريين", "ngo", "DE",
      site="rhine-solidarity.example.org"),
    Org("Berlin Exile Writers' Circle", "حلقة الكتّاب المنفيين في برلين", "network", "DE"),
    Org("Lyon Committee for Detainees' Families", "لجنة ليون لأسر المعتقلين", "ngo", "FR"),
    Org("Thames Media Defence Fund", "صندوق التيمز للدفاع عن الإعلام", "ngo", "GB", "TMDF", site="tmdf.example.org"),
    Org("Northern Lights Free Speech Foundation", "مؤسسة الشفق القطبي لحرية التعبير", "ngo", "NO"),
    Org("Baltic Digital Safety Lab", "مختبر البلطيق للأمان الرقمي", "other", "SE", site="baltic-lab.example.org"),
    Org("Geneva Desk for Enforced Disappearances", "مكتب جنيف لقضايا الاختفاء القسري", "ngo", "CH"),
    Org("Hague Accountability Project", "مشروع لاهاي للمساءلة", "ngo", "NL", "HAP", site="hap.example.org"),
    Org("Brussels Platform for Mediterranean Rights", "منصة بروكسل للحقوق المتوسطية", "network", "BE"),
    Org("Maple Journalists' Relief", "إغاثة الصحفيين - القيقب", "ngo", "CA"),
    # Written in one script only: readers of the other language see that name.
    Org("Hudson Press Freedom Clinic", "", "other", "US", site="hudson-clinic.example.org"),
    Org("", "بيت الصحافة في القامشلي", "media", "SY"),
    Org("Homs Citizen Reporters", "مراسلو حمص المواطنون", "media", "SY"),
    Org("Aleppo Photographers' Guild", "رابطة مصوري حلب", "union", "SY"),
    Org("Idlib Teachers' Syndicate", "نقابة معلمي إدلب", "union", "SY"),
    Org("Daraa Women's Rights Forum", "منتدى درعا لحقوق المرأة", "ngo", "SY"),
    Org("Latakia Coast Archive", "أرشيف الساحل في اللاذقية", "ngo", "SY", site="coast-archive.example.net"),
    Org("Deir ez-Zor Voices", "أصوات دير الزور", "media", "SY"),
    Org("Suwayda Mountain Radio", "إذاعة جبل السويداء", "media", "SY"),
    Org("Waiting Mothers' Association", "رابطة الأمهات المنتظرات", "ngo", "SY",
        aliases=("Association of Waiting Mothers",)),
    Org("Levant Network of Human Rights Lawyers", "شبكة محامي المشرق لحقوق الإنسان", "network", "LB", "LNHRL"),
    Org("Beirut Digital Rights Hub", "مركز بيروت للحقوق الرقمية", "ngo", "LB", site="bdrh.example.org"),
    Org("Tripoli North Journalists' Club", "نادي صحفيي طرابلس الشمال", "union", "LB"),
    Org("Tunis Observatory for Fair Trials", "مرصد تونس للمحاكمات العادلة", "ngo", "TN"),
    Org("Carthage Media Workers' Union", "اتحاد العاملين في الإعلام في قرطاج", "union", "TN"),
    Org("Alexandria Freedom of Thought Circle", "حلقة الإسكندرية لحرية الفكر", "ngo", "EG"),
    Org("Delta Lawyers' Collective", "تجمّع محامي الدلتا", "ngo", "EG"),
    Org("Basra Marsh Reporters", "مراسلو أهوار البصرة", "media", "IQ"),
    Org("Erbil Press Safety Centre", "مركز أربيل لسلامة الصحفيين", "ngo", "IQ", site="erbil-safety.example.net"),
    Org("Rabat Memory and Justice Forum", "منتدى الرباط للذاكرة والعدالة", "ngo", "MA"),
    Org("Aden Rights Monitors", "راصدو الحقوق في عدن", "ngo", "YE"),
    Org("Benghazi Free Word Network", "شبكة بنغازي للكلمة الحرة", "network", "LY"),
    # Partners that sign but asked not to be named: readers see them counted only.
    Org("Quiet Harbour Relief Group", "مجموعة المرفأ الهادئ للإغاثة", "ngo", "SY", internal=True),
    Org("Inside Witnesses Network", "شبكة شهود الداخل", "network", "SY", internal=True),
    Org("Mountain Road Lawyers", "محامو طريق الجبل", "ngo", "SY", internal=True),
]

# Persons who sign in their own name, as they wrote it, with what they sign as (in the script they wrote in).
INDIVIDUALS = [
    ("Mariam Aboud", "journalist"), ("سليم العطار", "محامٍ"), ("Elena Marchetti", "professor of international law"),
    ("نادين حجار", "معتقلة سابقة"), ("Tom Okafor", "press photographer"), ("Kinda Issa", "writer"),
    ("مهند السباعي", "مدافع عن حقوق الإنسان"), ("Ingrid Holm", "documentary filmmaker"),
]


@dataclass(frozen=True)
class DemoStatement:
    """A joint statement: when, its title and paragraphs (English, Arabic), whom it names, who signs it.

    ``people`` are indexes into the newsroom demo's PEOPLE, written into the text as ``{0}``,
    ``{1}``...; ``signers`` counts the organisations; ``individuals`` the persons signing in
    their own name (the statement allows them when there are any); ``late`` the signatures
    approved after publication; ``internal`` the partners signing unnamed.
    """

    when: str
    title: tuple
    paragraphs: tuple
    people: tuple = ()
    signers: int = 10
    individuals: int = 0
    late: int = 0
    internal: int = 0


UNDERSIGNED = ("We, the undersigned organisations, ", "نحن المنظمات الموقعة أدناه، ")
S = DemoStatement
STATEMENTS = [
    S("2015-05-06", ("Joint statement: release journalist {0} now", "بيان مشترك: أطلقوا سراح الصحفي {0} الآن"),
      (("call for the immediate release of {0}, held for a year without trial.",
        "نطالب بالإفراج الفوري عن {0} المحتجز منذ عام دون محاكمة."),
       ("His only offence is reporting what he saw.", "لا ذنب له سوى أنه نقل ما رأى.")),
      people=(0,), signers=5),
    S("2019-05-03", ("On World Press Freedom Day, thirty organisations stand with detained reporters",
                     "في اليوم العالمي لحرية الصحافة: ثلاثون منظمة تتضامن مع الصحفيين المعتقلين"),
      (("stand with every reporter held for their work, and name two of them today: {0} and {1}.",
        "نتضامن مع كل صحفي محتجز بسبب عمله، ونسمّي اليوم اثنين منهم: {0} و{1}."),
       ("Journalism is not a crime, and no one should pay for it with their freedom.",
        "الصحافة ليست جريمة، ولا ينبغي أن يدفع أحد حريته ثمنا لها.")),
      people=(7, 4), signers=28, internal=2),
    S("2018-02-20", ("End the trials of civilians before military courts",
                     "أوقفوا محاكمة المدنيين أمام المحاكم العسكرية"),
      (("urge the authorities to end the trial of civilians before military and exceptional courts.",
        "نحث السلطات على وقف محاكمة المدنيين أمام المحاكم العسكرية والاستثنائية."),
       ("Such courts deny defendants a lawyer of their choice, a public hearing and an appeal.",
        "تحرم هذه المحاكم المتهمين من محامٍ يختارونه ومن جلسة علنية ومن حق الطعن.")),
      signers=42, internal=3),
    S("2025-08-30", ("International Day of the Victims of Enforced Disappearances: where are they?",
                     "اليوم الدولي لضحايا الاختفاء القسري: أين هم؟"),
      (("remind the world that {0} and thousands of others are still missing, and that their families "
        "have the right to know.",
        "نذكّر العالم بأن {0} وآلافا غيرها ما زالوا مختفين، وأن لعائلاتهم الحق في معرفة الحقيقة."),
       ("We ask every party holding detainees to disclose their fate and whereabouts.",
        "نطالب كل طرف يحتجز معتقلين بالكشف عن مصيرهم وأماكن وجودهم.")),
      people=(3,), signers=20, individuals=4, internal=1),
    S("2019-06-26", ("Torture in detention must be investigated", "يجب التحقيق في التعذيب داخل مراكز الاحتجاز"),
      (("call for an independent investigation into the torture described by former detainees, "
        "among them {0}.",
        "ندعو إلى تحقيق مستقل في التعذيب الذي وصفه معتقلون سابقون، ومنهم {0}."),
       ("Those responsible must be held to account, whoever they are.", "يجب محاسبة المسؤولين أيا كانوا.")),
      people=(5,), signers=12),
    S("2020-03-24", ("Release detainees before the epidemic reaches the prisons",
                     "أفرجوا عن المعتقلين قبل أن يصل الوباء إلى السجون"),
      (("urge the release of everyone held for peaceful expression, before an epidemic spreads through "
        "overcrowded cells.",
        "نحث على الإفراج عن كل من احتُجز بسبب تعبيره السلمي، قبل أن ينتشر الوباء في الزنازين المكتظة."),
       ("Lawyers such as {0} must be allowed to see their clients, among them their detained colleague {1}.",
        "يجب السماح لمحامين مثل {0} بمقابلة موكليهم، ومنهم زميلهم المعتقل {1}.")),
      people=(5, 10), signers=38, late=3, internal=1),
    S("2021-01-18", ("Lift the travel ban on human rights defender {0}",
                     "ارفعوا منع السفر عن المدافعة عن حقوق الإنسان {0}"),
      (("ask that the travel ban imposed on {0} be lifted without conditions.",
        "نطالب برفع منع السفر المفروض على {0} دون قيد أو شرط."),
       ("A ban without a court decision is a punishment without a trial.",
        "منع السفر دون قرار قضائي عقوبة دون محاكمة.")),
      people=(9,), signers=6, individuals=3),
    S("2023-06-20", ("Stop blocking news websites", "أوقفوا حجب المواقع الإخبارية"),
      (("condemn the blocking of independent news websites and the arrest of the developer {0}.",
        "ندين حجب المواقع الإخبارية المستقلة واعتقال المطور {0}."),
       ("Readers have the right to reach the news, and those who build the tools have the right to work.",
        "من حق القراء الوصول إلى الأخبار، ومن حق من يبني الأدوات أن يعمل.")),
      people=(8,), signers=15),
    S("2023-09-12", ("Joint statement to the Human Rights Council on detained journalists",
                     "بيان مشترك إلى مجلس حقوق الإنسان بشأن الصحفيين المعتقلين"),
      (("ask the Human Rights Council to raise publicly the cases of {0}, {1} and {2}.",
        "نطلب من مجلس حقوق الإنسان أن يثير علنا قضايا {0} و{1} و{2}."),
       ("Their families have waited too long for an answer.", "لقد طال انتظار عائلاتهم لأي جواب.")),
      people=(2, 4, 7), signers=25, late=2, internal=2),
    S("2024-04-15", ("Hunger strikers in central prison: their lives are at risk",
                     "المضربون عن الطعام في السجن المركزي: حياتهم في خطر"),
      (("express our alarm for the health of {0} and the detainees on hunger strike with him.",
        "نعبر عن قلقنا البالغ على صحة {0} والمعتقلين المضربين عن الطعام معه."),
       ("Doctors must be allowed in, and the strikers' demands heard.",
        "يجب السماح للأطباء بالدخول والاستماع إلى مطالب المضربين.")),
      people=(2,), signers=9),
    S("2025-05-03", ("Accountability for crimes against journalists cannot wait",
                     "المساءلة عن الجرائم بحق الصحفيين لا تحتمل الانتظار"),
      (("call on every state to open its courts to cases of journalists killed, tortured or disappeared.",
        "ندعو كل الدول إلى فتح محاكمها أمام قضايا الصحفيين الذين قُتلوا أو عُذّبوا أو أُخفوا."),
       ("Impunity is an invitation to the next crime.", "الإفلات من العقاب دعوة إلى الجريمة التالية.")),
      signers=18, individuals=5),
]
# The statement still open for signatures: published a few days before the demo is built.
OPEN_STATEMENT = S(
    "", ("Joint statement: free the detained media workers", "بيان مشترك: أطلقوا سراح العاملين في الإعلام المعتقلين"),
    (("demand the release of the media workers arrested this month, among them {0}.",
      "نطالب بالإفراج عن العاملين في الإعلام الذين اعتُقلوا هذا الشهر، ومنهم {0}."),
     ("This statement is open for signatures: partners who wish to join can ask us for the link.",
      "هذا البيان مفتوح للتوقيع: يمكن للشركاء الراغبين في الانضمام أن يطلبوا منا الرابط.")),
    people=(1,), signers=4, individuals=1)

# The two signatures waiting in the moderation queue: a new organisation, and one already known,
# typed in the other script with a spelling of its own (ه for ة) so that the queue shows it as a likely duplicate.
WAITING = [
    {"organisation_name": "Marsh Light Community Radio", "country": "IQ", "language": "en",
     "contact_name": "Hassan Jabbar", "contact_email": "hassan@marshlight.example.net",
     "comment": "We broadcast in the southern marshes and would like to add our name."},
    {"organisation_name": "شبكه الفانوس لحريه الصحافه", "country": "LB", "language": "ar",
     "contact_name": "رنا الخوري", "contact_email": "rana@lantern.example.org", "comment": ""},
]


def text_of(statement, side):
    """The statement's title and its paragraphs in one language (0 English, 1 Arabic), people named."""
    names = [PEOPLE[index][side] for index in statement.people]
    title = statement.title[side].format(*names)
    first, *rest = statement.paragraphs
    paragraphs = [UNDERSIGNED[side] + first[side].format(*names), *(paragraph[side].format(*names)
                                                                   for paragraph in rest)]
    return title, paragraphs
