"""The person form in the admin: the derived status shown, never typed; roles named in the admin's language."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from bayan.accounts import roles
from bayan.accounts.tests.factories import fully_signed_in, member

from .factories import make_event, make_person

pytestmark = pytest.mark.django_db


def test_the_derived_status_is_shown_and_cannot_be_typed(client):
    person = make_person("Held Reporter")
    make_event("arrested", "2012-02", person)
    fully_signed_in(client, member(roles.CASE_OFFICER))
    response = client.get(reverse("wagtailsnippets_cases_person:edit", args=[person.pk]))
    page = response.content.decode()
    assert "<strong>detained</strong>" in page and "since 2012-02" in page
    assert "status" not in response.context["form"].fields


def test_in_the_arabic_admin_roles_are_named_in_arabic(client):
    officer = member(roles.CASE_OFFICER)
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "ar"
    profile.save()
    fully_signed_in(client, officer)
    page = client.get(reverse("wagtailsnippets_cases_person:add")).content.decode()
    assert "مدوّن" in page and "Blogger" not in page
