"""``bayan messages``: extract every translatable string into the catalogues, keeping their translations."""

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PROJECT = Path(__file__).resolve().parents[3]
LOCALE = PROJECT / "locale"
# Reader pages are Jinja2 (bayan/jinja2/): Django's makemessages would read them as Django
# templates and miss or misread their {% trans %} blocks, so Babel's Jinja2 extractor reads them.
JINJA_MAPPING = [("jinja2/**.html", "jinja2")]
JINJA_OPTIONS = {
    "jinja2/**.html": {"extensions": "jinja2.ext.i18n,wagtail.jinja2tags.core", "newstyle_gettext": "true"},
}
JINJA_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def jinja_catalog():
    """The reader templates' messages, as a Babel catalogue."""
    catalog = Catalog(charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PROJECT, method_map=JINJA_MAPPING, options_map=JINJA_OPTIONS, keywords=JINJA_KEYWORDS,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def untranslated(po_path):
    """The messages of a catalogue that have no translation (or a fuzzy one), in file order."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    return [message.id for message in catalog if message.id and (message.fuzzy or not message.string or (
        isinstance(message.string, tuple) and not all(message.string)))]


class Command(BaseCommand):
    help = (
        "Bring the translation catalogues (bayan/locale/<language>/LC_MESSAGES/django.po) up to date "
        "with the code: extract every translatable string from the Python code and admin templates "
        "(Django's makemessages) and from the reader pages' Jinja2 templates (Babel's extractor), add the "
        "new ones untranslated, drop those no longer used, and keep every existing translation. Then "
        "translate the new entries in the .po file and run `bayan compilemessages` (./run does it). "
        "With --check, change nothing and list the strings that still lack a translation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Write nothing; fail listing every message without a translation.")

    def handle(self, *args, check=False, **options):
        languages = [code for code, _name in settings.LANGUAGES if code != "en"]
        for tool in ("msgcat", "msgmerge"):
            if shutil.which(tool) is None:
                raise CommandError(f"{tool} is missing: install Debian's gettext package.")
        with tempfile.TemporaryDirectory() as work:
            template = self.extract(Path(work))
            missing = {}
            for language in languages:
                catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
                merged = Path(work) / f"{language}.po"
                self.merge(catalogue, template, merged)
                if check:
                    missing[language] = untranslated(merged)
                else:
                    catalogue.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(merged, catalogue)
                    self.stdout.write(f"{catalogue.relative_to(PROJECT.parent)}: "
                                      f"{len(untranslated(merged))} messages to translate")
        if check and any(missing.values()):
            lines = [f"{language}: {message!r}" for language, messages in missing.items() for message in messages]
            raise CommandError("untranslated messages (run `bayan messages`, then translate them):\n"
                               + "\n".join(lines))

    def extract(self, work):
        """One template catalogue (.pot) of every message in the code, written in ``work``."""
        python = self.django_template(work)
        reader = work / "jinja2.pot"
        with open(reader, "wb") as handle:
            write_po(handle, jinja_catalog(), width=None, sort_by_file=True)
        combined = work / "all.pot"
        subprocess.run(["msgcat", "--use-first", "-o", combined, python, reader], check=True)
        return combined

    def django_template(self, work):
        """Django's makemessages run over a copy of the project, so the catalogues are not touched yet."""
        copy = work / "bayan"
        shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns("jinja2", "__pycache__", "*.mo", "static"))
        with contextlib.chdir(copy):
            # Any language would do: the template (.pot) it keeps is what is wanted.
            call_command("makemessages", locale=["en"], keep_pot=True, add_location="file", verbosity=0,
                         ignore_patterns=["jinja2/*", "*/tests/*", "static/*"])
        return copy / "locale" / "django.pot"

    @staticmethod
    def merge(catalogue, template, output):
        """Existing translations carried onto the template's messages (exact matches only: no guesses)."""
        if catalogue.exists():
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--add-location=file", "-o", output,
                            catalogue, template], check=True)
        else:
            subprocess.run(["msginit", "--no-translator", "-l", output.stem, "-i", template, "-o", output],
                           check=True)
