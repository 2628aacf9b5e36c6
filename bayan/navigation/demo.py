"""The demo's About and Contact pages and its menus in both languages (fictional text)."""

import uuid

from django.db import transaction

from bayan.addresses import address_in
from bayan.newsroom.models import Category, StandardPage

from .models import Menu, MenuItem

PAGES = {
    "about": {
        "en": ("About us", "<p>We are an independent group of journalists, lawyers and researchers who document "
               "attacks on the press and on peaceful activists, support those detained and their families, and "
               "keep each case in the public eye until it is resolved.</p><p>We take no money from any "
               "government or party. Our reports are checked by two people before they are published.</p>"),
        "ar": ("من نحن", "<p>نحن مجموعة مستقلة من الصحفيين والمحامين والباحثين نوثّق الاعتداءات على الصحافة وعلى "
               "الناشطين السلميين، ونساند المعتقلين وعائلاتهم، ونبقي كل قضية حاضرة أمام الرأي العام حتى "
               "تُحل.</p><p>لا نتلقى أي تمويل من حكومة أو حزب، ويراجع كل تقرير شخصان قبل نشره.</p>"),
    },
    "contact": {
        "en": ("Contact", "<p>To report an arrest or a disappearance, write to us: we answer within a day, and we "
               "never publish a name without the family's consent.</p><p>Journalists may ask for interviews "
               "with our researchers in English or Arabic.</p>"),
        "ar": ("اتصل بنا", "<p>للإبلاغ عن اعتقال أو اختفاء، راسلونا: نجيب خلال يوم، ولا ننشر اسمًا دون موافقة "
               "العائلة.</p><p>يمكن للصحفيين طلب مقابلات مع باحثينا بالعربية أو الإنجليزية.</p>"),
    },
}


@transaction.atomic
def add_demo_menus(sender, homes, **kwargs):
    """About and Contact pages under each home, linked as translations, and each language's two menus."""
    pages = {}
    for slug, languages in PAGES.items():
        key = uuid.uuid4()
        for language, (title, body) in languages.items():
            if language not in homes:
                continue
            # The about page tells readers how to check copies of the site (the mirror's key).
            page = StandardPage(title=title, slug=slug, body=body, locale=homes[language].locale,
                                translation_key=key, show_mirror_key=slug == "about")
            homes[language].add_child(instance=page)
            page.save_revision(clean=False, log_action=False).publish(skip_permission_checks=True, log_action=False)
            pages[language, slug] = page
    for language in homes:
        _header(language, pages)
        _footer(language, pages)


def _header(language, pages):
    menu = Menu.objects.create(language=language, place=Menu.HEADER)
    labels = LABELS[language]
    items = [MenuItem(label=labels["latest"], address=address_in(language, "archives:home"))]
    items.append(MenuItem(label=labels["publications"], address=address_in(language, "archives:category-index")))
    for category in Category.objects.filter(locale__language_code=language, parent=None).order_by("pk")[:5]:
        items.append(MenuItem(label=category.name, address=category.reader_path(), nested=True))
    items.append(MenuItem(label=labels["tags"], address=address_in(language, "archives:tag-index")))
    items += [MenuItem(page=pages[language, "about"]), MenuItem(page=pages[language, "contact"])]
    items.append(MenuItem(label=labels["subscribe"], address=address_in(language, "archives:subscribe")))
    for order, item in enumerate(items):
        item.menu, item.sort_order = menu, order
    MenuItem.objects.bulk_create(items)


def _footer(language, pages):
    menu = Menu.objects.create(language=language, place=Menu.FOOTER)
    labels = LABELS[language]
    items = [
        MenuItem(page=pages[language, "about"]),
        MenuItem(page=pages[language, "contact"]),
        MenuItem(label=labels["authors"], address=address_in(language, "archives:author-index")),
        MenuItem(label=labels["subscribe"], address=address_in(language, "archives:subscribe")),
    ]
    for order, item in enumerate(items):
        item.menu, item.sort_order = menu, order
    MenuItem.objects.bulk_create(items)


LABELS = {
    "en": {"latest": "Latest", "publications": "Publications", "tags": "Topics", "subscribe": "Subscribe",
           "authors": "Authors"},
    "ar": {"latest": "الأحدث", "publications": "المنشورات", "tags": "المواضيع", "subscribe": "اشترك",
           "authors": "الكتّاب"},
}
