"""Fixtures shared by every app's tests: the default language, a browser, the demo newsroom served as in production."""

import os
from pathlib import Path

import pytest

from bayan.tests.browser import CHROMIUM, DEMO_ADMIN_PASSWORD, demo_served, launch_chromium


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only", action="store_true", default=False,
        help="leave out the tests that reach no database: the suite's PostgreSQL run passes it, since they "
             "already ran in its SQLite run and have nothing more to learn from another database")


# Fixtures through which a test reaches the database (pytest-django refuses any other way in the test's process).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "django_db_reset_sequences",
                     "django_db_serialized_rollback"}


def reaches_a_database(item):
    """Whether ``item`` may use a database: marked for one, asking for one, or one of Django's database test cases.

    A test that starts processes on PostgreSQL itself (naming DATABASE_URL to them) is marked ``postgres``.
    """
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    from django.test import TransactionTestCase

    test_class = getattr(item, "cls", None)
    return test_class is not None and issubclass(test_class, TransactionTestCase)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Leave out what ``--database-tests-only`` leaves out, then put grouped tests in their groups."""
    if config.getoption("database_tests_only"):
        left_out = [item for item in items if not reaches_a_database(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if reaches_a_database(item)]
    _group_tests_for_xdist(config, items)


def _group_tests_for_xdist(config, items):
    """Tests marked ``xdist_group`` go to one worker under ``--dist loadgroup``, as pytest-xdist means them to.

    pytest-xdist tells the scheduler a test's group by adding "@group" to the test's id, and pytest 9
    keeps a test's id in a field that assignment (``item._nodeid``) no longer reaches: the groups were
    spread over both workers, each building the demo site or PostgreSQL cluster a group shares.
    A module whose tests share a module-scoped fixture of its own is a group of its own.
    """
    if not config.getoption("loadgroup", default=False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if not groups and _uses_its_modules_own_module_fixture(item):
            # Rows a module's tests share (bayan.tests.shared_rows) are written once per worker that runs
            # one of them: keep such a module on one worker.
            groups = [item.module.__name__]
        # Not "@" in the id: a test's parameters may hold one (an address with a user name).
        suffix = f"@{'_'.join(groups)}"
        if groups and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(f"{item.nodeid}{suffix}")


def _uses_its_modules_own_module_fixture(item):
    """Whether the test uses a module-scoped fixture defined in its own module."""
    module_id = item.nodeid.split("::", 1)[0]
    fixture_info = getattr(item, "_fixtureinfo", None)
    if fixture_info is None:
        return False
    return any(definition.scope == "module" and definition.baseid == module_id
               for definitions in fixture_info.name2fixturedefs.values() for definition in definitions)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each worker's test database starts as a copy of one migrated once per state of the code, not migrated anew.

    Django then runs `migrate` on the copy, which finds nothing to do: on SQLite the in-memory database
    gets the migrated file's pages (bayan.tests.data_dirs), on PostgreSQL the server copies the
    migrated template (bayan.tests.migrated_postgresql).
    """
    from django.db import connections

    default = connections["default"]
    if default.vendor == "sqlite":
        from bayan.tests.data_dirs import copy_migrated_into_the_test_database

        copy_migrated_into_the_test_database(default)
    elif default.vendor == "postgresql" and os.environ.get("DATABASE_URL"):
        from bayan.tests.migrated_postgresql import ensure_template

        default.settings_dict.setdefault("TEST", {})["TEMPLATE"] = ensure_template(os.environ["DATABASE_URL"])


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request served in Arabic leaves Arabic active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches.

    A test's rows are rolled back, but what was cached from them is not: Wagtail's list of
    site root paths, cached while one test had a second site, would otherwise make the
    next test's page URLs absolute.
    """
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_content_generation(request):
    """Each database test starts a content generation of its own.

    A test's writes never commit, so the generation they schedule never starts: without this,
    every test would share the migrated generation, and values held per generation
    (``bayan.pagecache.held``) would carry one test's rows into the next.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from bayan.pagecache.invalidation import start_new_generation

    start_new_generation()


@pytest.fixture
def editor_client(client, django_user_model):
    """A test client signed in as an administrator of the admin (a superuser with a name and an address)."""
    user = django_user_model.objects.create_superuser("carol", "carol@example.invalid", "correct horse battery")
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a browser Playwright downloads itself).

    Module-scoped: Playwright's synchronous API keeps an event loop running in this
    thread while it is open, which Django's database layer would take for async code
    in the tests that follow.
    """
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; ./run test installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright gives each launch a new, empty profile of its own.
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where browser tests save their screenshots: $BAYAN_SCREENSHOTS to keep them, else the session's own folder."""
    kept = os.environ.get("BAYAN_SCREENSHOTS")
    return Path(kept) if kept else tmp_path_factory.mktemp("screens")


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory):
    """The demo's data directory: what `bayan demo` printed and the server wrote are kept there (see demo_served)."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_site(demo_files):
    """The demo newsroom, made by `bayan demo` in a data directory of its own and served by `bayan serve`.

    Nothing is shared with the test database: this is what `./run demo` gives a reader.
    Its admin account's password is bayan.tests.browser.DEMO_ADMIN_PASSWORD.
    """
    with demo_served(demo_files, DEMO_ADMIN_PASSWORD) as url:
        yield url
