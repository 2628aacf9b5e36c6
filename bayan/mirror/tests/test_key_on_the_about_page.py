"""The about page shows the mirror's public key and how to check a copy, once the site has a key."""

from io import StringIO

import pytest
from django.core.management import call_command

from bayan.newsroom.models import StandardPage
from bayan.newsroom.services import home_for

pytestmark = pytest.mark.django_db


def about_page(language="en"):
    page = StandardPage(title="About us", slug="about", body="<p>Who we are.</p>", show_mirror_key=True)
    home_for(language).add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_about_page_shows_the_key_made_by_keygen(client, settings, tmp_path):
    settings.BAYAN_MIRROR_KEY = tmp_path / "keys" / "bayan-mirror.key"
    page = about_page()
    assert "Copies of this site" not in client.get(page.url).content.decode()  # no key yet: nothing to show
    out = StringIO()
    call_command("mirror", "keygen", str(tmp_path / "keys"), stdout=out)
    shown = client.get(page.url).content.decode()
    public = (tmp_path / "keys" / "bayan-mirror.pub").read_text().strip().splitlines()[1]
    assert "Copies of this site" in shown and public in shown
    assert "minisign -Vm SHA256SUMS -p bayan-mirror.pub" in shown


def test_a_page_that_does_not_ask_shows_nothing(client, settings, tmp_path):
    settings.BAYAN_MIRROR_KEY = tmp_path / "bayan-mirror.key"
    call_command("mirror", "keygen", str(tmp_path), stdout=StringIO())
    page = about_page()
    page.show_mirror_key = False
    page.save_revision().publish()
    assert "Copies of this site" not in client.get(page.url).content.decode()
