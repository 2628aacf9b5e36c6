"""Open data: every public organisation, and each joint statement's signatories for a post readers may see."""

import json

import pytest
from django.utils import timezone

from bayan.newsroom.tests.factories import make_post
from bayan.statements.models import Signatory, Visibility

from .factories import make_organisation, make_statement, make_submission

pytestmark = pytest.mark.django_db


def _json(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return json.loads(response.content) if status == 200 else None


def test_organisations_json_names_public_organisations_in_both_languages(client):
    public = make_organisation("Levant Press Observatory", "مرصد المشرق للصحافة", country="LB",
                               aliases="LPO\nLevant Observatory")
    make_organisation("Quiet Partner", visibility=Visibility.INTERNAL)
    make_statement(make_post(), public)
    data = _json(client, "/open-data/organisations.json")
    assert [entry["name"] for entry in data["organisations"]] == [
        {"en": "Levant Press Observatory", "ar": "مرصد المشرق للصحافة"}]
    entry = data["organisations"][0]
    assert entry["country"] == "LB" and entry["aliases"] == ["LPO", "Levant Observatory"]
    assert entry["statements_signed"] == 1 and entry["url"]["ar"].endswith("/ar/organisation/levant-press-observatory/")


def test_a_statement_lists_its_signatories_in_order_with_late_ones_flagged(client):
    post = make_post(slug="joint")
    make_post("ar", "بيان", slug="بيان", date=post.date, translation_of=post)
    statement = make_statement(post, make_organisation("First", "الأولى"),
                               make_organisation("Hidden", visibility=Visibility.INTERNAL), allows_individuals=True)
    Signatory.objects.create(statement=statement, individual_name="Mona Example", individual_title="lawyer",
                             sort_order=5)
    Signatory.objects.create(statement=statement, organisation=make_organisation("Late"), after_publication=True,
                             signed_on=timezone.localdate())
    make_submission(statement, "Pending Organisation", contact_email="secret@example.org", comment="private note")
    data = _json(client, f"/open-data/statements/{post.pk}.json")
    assert [entry["type"] for entry in data["signatories"]] == ["organisation", "person", "organisation"]
    assert data["signatories"][0]["name"] == {"en": "First", "ar": "الأولى"}
    assert data["signatories"][1]["title"] == "lawyer"
    assert [entry["after_publication"] for entry in data["signatories"]] == [False, False, True]
    assert data["unnamed_signatories"] == 1
    assert sorted(entry["language"] for entry in data["posts"]) == ["ar", "en"]
    text = json.dumps(data, ensure_ascii=False)
    assert "Hidden" not in text and "Pending" not in text and "secret@" not in text and "private" not in text


def test_posts_that_are_hidden_or_no_statement_answer_not_found(client):
    hidden = make_post(slug="later", date=timezone.now() + timezone.timedelta(days=1))
    make_statement(hidden, make_organisation())
    plain = make_post(slug="plain")
    _json(client, f"/open-data/statements/{hidden.pk}.json", status=404)
    _json(client, f"/open-data/statements/{plain.pk}.json", status=404)
    _json(client, "/open-data/statements/999999.json", status=404)
