"""Apps import only what docs/architecture.md says they may: the layering is written once and checked here."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGE = ROOT / "bayan"
WIRING = {"settings", "settings_test", "urls", "cli", "reader_templates", "wsgi", "tests"}


def allowed_imports():
    """{app: set of apps it may import}, read from the table in docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Which app may import which", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \|$", section, re.M)
    return {app: set(re.findall(r"`([a-z_]+)`", allowed)) for app, allowed in rows}


def imported_bayan_modules(path):
    """The ``bayan.<name>`` first parts of every import in the file, at any depth (imports inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "bayan" and len(parts) > 1:
                found.add(parts[1])
    return found


def apps():
    return sorted(path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists())


def test_the_table_names_every_app():
    assert set(allowed_imports()) == set(apps())


def test_apps_import_only_the_apps_below_them():
    table = allowed_imports()
    project_modules = {path.stem for path in PACKAGE.glob("*.py")} - WIRING
    wrong = []
    for app in apps():
        for source in (PACKAGE / app).rglob("*.py"):
            if "tests" in source.relative_to(PACKAGE / app).parts:
                continue
            for imported in imported_bayan_modules(source) - {app} - project_modules:
                if imported not in table[app]:
                    wrong.append(f"{source.relative_to(ROOT)} imports bayan.{imported}")
    assert wrong == []


def test_project_wide_modules_import_no_app():
    wrong = []
    for source in PACKAGE.glob("*.py"):
        if source.stem in WIRING:
            continue
        imported = imported_bayan_modules(source) & set(apps())
        if imported:
            wrong.append(f"{source.relative_to(ROOT)} imports {sorted(imported)}")
    assert wrong == []

