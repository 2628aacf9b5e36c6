"""A stored redirect is dropped the moment its redirect is edited or deleted."""

import pytest
from wagtail.contrib.redirects.models import Redirect

pytestmark = pytest.mark.django_db


def test_a_cached_redirect_follows_its_edit_and_its_deletion(client, committed):
    redirect = committed(Redirect.objects.create, old_path="/moved-here", redirect_link="/en/")
    first = client.get("/moved-here/")
    second = client.get("/moved-here/")
    assert (first.status_code, first["Location"]) == (301, "/en/")
    assert second["X-Bayan-Cache"] == "hit"

    def retarget():
        redirect.redirect_link = "/ar/"
        redirect.save()

    committed(retarget)
    assert client.get("/moved-here/")["Location"] == "/ar/"
    committed(redirect.delete)
    # Without its redirect, the unprefixed address goes to the default language's, which is unknown.
    gone = client.get("/moved-here/", follow=True)
    assert gone.status_code == 404
    assert gone.redirect_chain == [("/en/moved-here/", 302)]
