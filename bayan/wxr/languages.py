"""Which language each item is imported in, decided for the whole import before anything is written.

An item's language comes from Polylang's ``language`` term or WPML's language meta
(its *mark*). A mark in a language the site publishes (settings.LANGUAGES) is kept;
a mark in any other language is imported as the language ``--map-language`` names
for it, and without one its items are skipped and named: they are never put in a
language they are not in. Items without a mark take ``--language``, else the
export's own ``<language>`` (through ``--map-language`` too), else English.
"""

from collections import Counter

from django.conf import settings

# WPML's "Export and Import" add-on writes these into each item's meta; older WPML exports carry the first.
WPML_LANGUAGE_KEYS = ("_wpml_language", "_wpml_import_language_code")


def site_languages():
    """The language codes the site publishes, in the settings' order."""
    return [code for code, _name in settings.LANGUAGES]


def mark(item):
    """The language an item is marked with (lowercase, as the plugin wrote it), or None.

    Polylang's ``language`` term first, then WPML's meta.
    """
    for domain, nicename, name in item.terms:
        if domain == "language" and (nicename or name).strip():
            return (nicename or name).strip().lower()
    for key in WPML_LANGUAGE_KEYS:
        value = (item.meta.get(key) or [""])[0].strip().lower()
        if value:
            return value
    return None


def _primary(code):
    """``fa`` of ``fa-IR`` or ``fa_IR``: the part every site language code here is."""
    return code.replace("_", "-").split("-")[0]


def parse_map(values):
    """``{source: destination}`` from ``--map-language SRC=DEST`` values; ValueError naming a bad one."""
    published = site_languages()
    mapping = {}
    for value in values or ():
        source, equals, destination = value.partition("=")
        source, destination = source.strip().lower(), destination.strip().lower()
        if not equals or not source or not destination:
            raise ValueError(f"--map-language {value}: expected SOURCE=DESTINATION, such as fa=ar")
        if destination not in published:
            raise ValueError(f"--map-language {value}: “{destination}” is not a language this site publishes "
                             f"({', '.join(published)})")
        if mapping.get(source, destination) != destination:
            raise ValueError(f"--map-language {value}: “{source}” is already mapped to {mapping[source]}")
        mapping[source] = destination
    return mapping


class LanguagePlan:
    """What each language found in the export becomes here, decided from the first pass.

    ``found`` counts the posts and pages carrying each mark, ``unmarked`` those without
    one, ``channel_language`` is the export's own ``<language>`` and ``default`` the
    operator's ``--language`` (or None).
    """

    def __init__(self, found, unmarked, channel_language, default=None, mapping=None, names=None):
        self.published = site_languages()
        self.mapping = dict(mapping or {})
        self.found = Counter(found)
        self.unmarked_items = unmarked
        self.names = names or {}
        self.decided = {code: self.resolve(code) for code in self.found}
        self.default_given = bool(default)
        if default:
            self.default = default
        else:
            # The channel's language is a hint for unmarked items only; one the site does not publish
            # (and no mapping names) leaves them English, as the guide promises, and the report says so.
            self.default = self.resolve(channel_language) or "en"
        self.channel_language = channel_language

    @classmethod
    def from_scans(cls, scans, default=None, mapping=None):
        """The plan for all the files' posts and pages, from their first pass."""
        found = Counter()
        for one in scans:
            found.update(one.languages)
        return cls(
            found, unmarked=sum(one.unmarked for one in scans),
            channel_language=next((one.channel_language for one in scans if one.channel_language), ""),
            default=default, mapping=mapping,
            names={code: name for one in scans for code, name in one.language_names.items()},
        )

    def resolve(self, code):
        """The site language items marked ``code`` are imported in, or None if they are skipped."""
        if not code:
            return None
        code = code.lower()
        for candidate in (code, _primary(code)):
            if candidate in self.mapping:
                return self.mapping[candidate]
        for candidate in (code, _primary(code)):
            if candidate in self.published:
                return candidate
        return None

    def language_of(self, item):
        """(site language, mark) of an item; the language is None when the item is to be skipped."""
        code = mark(item)
        if code is None:
            return self.default, None
        if code not in self.decided:  # not met in the first pass (cannot happen for the same files)
            self.decided[code] = self.resolve(code)
        return self.decided[code], code

    def skip_reason(self, code):
        """Why items marked ``code`` are skipped, with the option that would import them."""
        choices = " or ".join(f"{code}={language}" for language in self.published)
        return (f"in language “{code}”, which this site does not publish ({', '.join(self.published)}); "
                f"--map-language {choices} imports it")

    def describe(self, report):
        """Put every language found, with its item count and what it becomes, into the report."""
        for code, items in sorted(self.found.items(), key=lambda pair: (-pair[1], pair[0])):
            entry = {"items": items, "imported_as": self.decided.get(code)}
            if self.names.get(code):
                entry["name"] = self.names[code]
            report.languages[code] = entry
        if self.unmarked_items:
            report.unmarked = {"items": self.unmarked_items, "imported_as": self.default}
            channel = (self.channel_language or "").lower()
            if channel and not self.default_given and self.resolve(channel) is None:
                report.problems.append(
                    f"the export declares its language as {self.channel_language}, which this site does not "
                    f"publish; its {self.unmarked_items} items without a language mark are imported as English "
                    f"(--language or --map-language {_primary(channel)}=LANG chooses another)")
        for source in sorted(self.mapping):
            marked = [*self.found, (self.channel_language or "").lower()]
            if not any(source in (code, _primary(code)) for code in marked):
                report.problems.append(f"--map-language {source}={self.mapping[source]}: no post or page of the "
                                       f"export is in “{source}”")
