"""Translations: posts that Polylang or WPML grouped share one Wagtail translation key.

Wagtail allows one page per language in a translation group (the pair translation
key, locale is unique). A group can hold two members that land in one language
here: two languages mapped onto one (``--map-language fa=ar`` beside Arabic), or an
export that files two posts of one language together. Then the older (by date,
then by WordPress id) is linked and the other is reported and left on its own.

Linking runs once, when every batch is written, over all groups in bulk: a few
queries per 500 members, whatever the number of groups.
"""

import re
import uuid
from datetime import UTC, datetime

from wagtail.models import Locale, Page

from .models import ImportedItem

# Polylang keeps each group's members in the term's description, PHP-serialised: a:2:{s:2:"en";i:10;s:2:"fa";i:12;}
_SERIALIZED_MEMBER = re.compile(r's:\d+:"([^"]+)";i:(\d+);')
WPML_GROUP_KEY = "_wpml_import_translation_group"
CHUNK = 500
_LATEST = datetime.max.replace(tzinfo=UTC)


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _number(wp_id):
    return int(wp_id) if wp_id.isdigit() else float("inf")


class Translations:
    """The translation groups of one run: group name -> WordPress ids of its members, in the order met."""

    def __init__(self, report):
        self.report = report
        self.groups = {}

    def polylang_term(self, record):
        """A ``post_translations`` term of the channel: its description lists the group's members."""
        members = [post_id for _language, post_id in _SERIALIZED_MEMBER.findall(record.get("term_description", ""))]
        self._add(record.get("term_slug", ""), members)

    def note(self, item):
        """The groups an item says it belongs to: Polylang's ``post_translations`` term, WPML's group meta."""
        wp_id = item.fields["post_id"]
        for domain, nicename, _name in item.terms:
            if domain == "post_translations" and nicename:
                self._add(nicename, [wp_id])
        group = (item.meta.get(WPML_GROUP_KEY) or [""])[0].strip()
        if group:
            self._add(f"wpml:{group}", [wp_id])

    def _add(self, name, wp_ids):
        if not name:
            return
        members = self.groups.setdefault(name, [])
        members.extend(wp_id for wp_id in wp_ids if wp_id not in members)

    def link(self, source):
        """Give each group's imported members, one per language, one translation key."""
        groups = {name: members for name, members in self.groups.items() if len(members) > 1}
        if not groups:
            return
        pages = self._pages(source, {wp_id for members in groups.values() for wp_id in members})
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        wanted = {}  # page id -> translation key
        used_keys = set()
        for name, members in groups.items():
            present = [(wp_id, pages[wp_id]) for wp_id in members if wp_id in pages and pages[wp_id][0] not in wanted]
            chosen = {}
            for wp_id, page in sorted(present, key=lambda pair: (pair[1][3], _number(pair[0]), pair[0])):
                locale_id = page[1]
                if locale_id in chosen:
                    self._unlinked(name, wp_id, chosen[locale_id][0], languages.get(locale_id, ""))
                    continue
                chosen[locale_id] = (wp_id, page)
            if len(chosen) < 2:
                continue
            # The oldest member's key, so that linking again picks the same one; a fresh one if
            # another group of this run already took it (groups changed between exports).
            oldest = min(chosen.values(), key=lambda pair: (pair[1][3], _number(pair[0])))
            key = oldest[1][2]
            if key in used_keys:
                key = uuid.uuid4()
            used_keys.add(key)
            for _wp_id, (page_id, _locale_id, _key, _date) in chosen.values():
                wanted[page_id] = key
        self._write(wanted, pages)

    def _pages(self, source, wp_ids):
        """WordPress id -> (page id, locale id, translation key, date) of the members imported as pages."""
        targets = {}
        for chunk in _chunks(sorted(wp_ids)):
            for wp_id, target_id in ImportedItem.objects.filter(
                source=source, kind__in=["post", "page"], wp_id__in=chunk, target_id__isnull=False,
            ).values_list("wp_id", "target_id"):
                targets[wp_id] = target_id
        by_page = {}
        for chunk in _chunks(targets.values()):
            for page_id, locale_id, key, post_date, published in Page.objects.filter(pk__in=chunk).values_list(
                "pk", "locale_id", "translation_key", "postpage__date", "first_published_at",
            ):
                by_page[page_id] = (page_id, locale_id, key, post_date or published or _LATEST)
        return {wp_id: by_page[page_id] for wp_id, page_id in targets.items() if page_id in by_page}

    def _unlinked(self, group, wp_id, kept, language):
        self.report.unlinked_translations.append(
            {"group": group, "wp_id": wp_id, "language": language, "linked": kept})
        self.report.problems.append(
            f"translation group {group} has two items in “{language}”: {kept} and {wp_id}; the older, {kept}, "
            f"is linked, {wp_id} stays on its own")

    @staticmethod
    def _write(wanted, pages):
        """Set the keys in two bulk passes, so that no statement ever holds one key twice in one language.

        Pages outside the groups that hold a wanted key in a wanted language (left from an
        earlier import whose groups differed) are given a key of their own first.
        """
        current = {page_id: key for page_id, _locale_id, key, _date in pages.values()}
        changing = {page_id for page_id, key in wanted.items() if current.get(page_id) != key}
        if not changing:
            return
        locales = {page_id: locale_id for page_id, locale_id, _key, _date in pages.values()}
        targets = {(key, locales[page_id]) for page_id, key in wanted.items()}
        in_the_way = set()
        for chunk in _chunks({key for key, _locale_id in targets}):
            for page_id, locale_id, key in Page.objects.filter(translation_key__in=chunk).values_list(
                "pk", "locale_id", "translation_key",
            ):
                if (key, locale_id) in targets and wanted.get(page_id) != key:
                    in_the_way.add(page_id)
        moved = changing | in_the_way
        Page.objects.bulk_update([Page(pk=page_id, translation_key=uuid.uuid4()) for page_id in moved],
                                 ["translation_key"], batch_size=CHUNK)
        Page.objects.bulk_update([Page(pk=page_id, translation_key=wanted[page_id]) for page_id in changing],
                                 ["translation_key"], batch_size=CHUNK)
