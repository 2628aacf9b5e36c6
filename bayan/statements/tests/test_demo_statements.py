"""The demo's joint statements: sixty organisations, a dozen statements in both languages, one open for signatures."""

import html
import re

import pytest
from django.utils import timezone

from bayan.cases.tests.factories import make_person
from bayan.statements.demo import build_statements, sign_on_lines
from bayan.statements.demo_proposals import add_demo_proposals
from bayan.statements.demo_text import WAITING
from bayan.statements.matching import SAME, matches
from bayan.statements.models import (
    AffiliationMatch,
    DetectedSignatory,
    Organisation,
    ProposalState,
    Signatory,
    SignOnLink,
    Statement,
    Submission,
    SubmissionState,
)
from bayan.tests.shared_rows import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo's statements built on the bare newsroom: the open statement's title and its two links' tokens."""
    with kept_for_the_module(django_db_blocker):
        yield build_statements()


def test_sixty_organisations_in_both_scripts_three_unnamed_across_the_region_and_beyond(built):
    organisations = list(Organisation.objects.all())
    assert len(organisations) == 60
    assert sum(not organisation.is_public for organisation in organisations) == 3
    assert sum(bool(organisation.name_en and organisation.name_ar) for organisation in organisations) >= 58
    assert all(organisation.name_en or organisation.name_ar for organisation in organisations)
    assert len({organisation.country.code for organisation in organisations}) >= 20
    assert {"SY", "LB", "IQ", "EG", "TN", "FR", "DE", "GB", "US"} <= {o.country.code for o in organisations}
    assert len({organisation.kind for organisation in organisations}) == 5
    websites = [organisation.website for organisation in organisations if organisation.website]
    assert len(websites) >= 15 and all(re.match(r"https://[a-z-]+\.example\.(org|net)/$", site) for site in websites)
    assert sum(bool(organisation.aliases) for organisation in organisations) >= 5
    # Saved in bulk, but findable by every name as if saved one by one.
    lantern = Organisation.objects.get(short_name_en="LNPF")
    assert [match.organisation for match in matches("Al-Fanous Network", organisations)] == [lantern]


def test_a_dozen_statements_each_a_post_and_its_translation_signed_by_5_to_45(built):
    statements = list(Statement.objects.all())
    assert len(statements) == 12
    for statement in statements:
        posts = statement.posts_visible_to_readers()
        assert sorted(post.locale.language_code for post in posts) == ["ar", "en"]
        assert "We, the undersigned organisations" in posts.get(locale__language_code="en").body
        assert "نحن المنظمات الموقعة أدناه" in posts.get(locale__language_code="ar").body
        assert 5 <= statement.signatories.count() <= 45
    assert Signatory.objects.filter(statement__in=statements).count() > 200


def test_individuals_where_allowed_late_signatures_on_two_unnamed_partners_counted(built):
    individuals = Signatory.objects.filter(organisation__isnull=True)
    assert individuals.count() >= 10
    assert all(signatory.statement.allows_individuals and signatory.individual_title for signatory in individuals)
    late = Signatory.objects.filter(after_publication=True).select_related("statement")
    assert len({signatory.statement_id for signatory in late}) == 2
    for signatory in late:
        assert signatory.statement.is_frozen() and signatory.signed_on > signatory.statement.frozen_at.date()
    assert Signatory.objects.filter(organisation__visibility="internal").values("statement").distinct().count() >= 4
    # The demo's own centre signs everything it publishes, first.
    assert {statement.signatories.first().organisation.short_name_en for statement in Statement.objects.all()} == {
        "CFE"}


def test_the_open_statement_has_a_usable_link_and_an_expired_one_known_only_by_their_tokens(built):
    _title, token, expired_token, _writer = built
    link, expired = SignOnLink.find(token), SignOnLink.find(expired_token)
    assert link.is_usable() and not expired.is_usable()
    assert link.statement == expired.statement and SignOnLink.objects.count() == 2
    statement = link.statement
    assert statement.allows_individuals and not statement.freeze_at_publication and not statement.is_frozen()
    assert statement.posts_visible_to_readers().count() == 2
    assert set(Submission.objects.values_list("link", flat=True)) == {link.pk}


def test_two_confirmed_signatures_wait_one_an_organisation_known_in_the_other_script(built):
    waiting = list(Submission.objects.order_by("pk"))
    assert [submission.state for submission in waiting] == [SubmissionState.PENDING] * 2
    assert all(submission.confirmed_at < timezone.now() and submission.consent for submission in waiting)
    assert [submission.organisation_name for submission in waiting] == [row["organisation_name"] for row in WAITING]
    organisations = Organisation.objects.all()
    assert matches(waiting[0].organisation_name, organisations) == []
    found = matches(waiting[1].organisation_name, organisations)
    assert [(match.organisation.short_name_en, match.grade) for match in found] == [("LNPF", SAME)]
    assert waiting[1].organisation_name != found[0].organisation.name_ar


def test_both_languages_show_the_same_list_each_name_in_its_language(built, client):
    statement = Statement.objects.get(frozen_at__year=2018)  # 42 organisations named, 3 unnamed
    signatories = list(statement.signatories.select_related("organisation"))
    unnamed = [signatory.organisation for signatory in signatories if not signatory.organisation.is_public]
    assert unnamed
    for post in statement.posts_visible_to_readers():
        language = post.locale.language_code
        page = html.unescape(client.get(post.reader_path()).content.decode())
        body = page[page.index(post.body[3:40]):]
        named = [signatory.name_in(language) for signatory in signatories if signatory.organisation.is_public]
        places = [body.index(name) for name in named]
        assert places == sorted(places), language
        assert not any(organisation.name_in(language) in page for organisation in unnamed), language


def test_an_organisation_page_lists_the_statements_it_signed(built, client):
    centre = Organisation.objects.get(short_name_en="CFE")
    for language in ("en", "ar"):
        page = client.get(f"/{language}/organisation/{centre.slug}/").content.decode()
        posts = [statement.posts().get(locale__language_code=language) for statement in Statement.objects.all()]
        places = [page.index(f'href="{post.reader_path()}"') for post in sorted(posts, key=lambda post: post.date)]
        assert places == sorted(places, reverse=True), language  # newest first


def test_the_printed_link_opens_the_form_in_both_languages_and_the_expired_one_answers_410(built, client):
    printed = sign_on_lines(*built[:3])
    addresses = [re.search(r"http://[^ ]+/(en|ar)/sign/[^ ]+/", line) for line in printed]
    english, arabic, expired = (found.group(0) for found in addresses if found)
    for address in (english, arabic):
        assert client.get(address.split("8000", 1)[1]).status_code == 200
    assert client.get(expired.split("8000", 1)[1]).status_code == 410
    assert "/admin/statements/queue/" in printed[-1]
    open_statement = SignOnLink.objects.usable().get().statement
    assert open_statement.allows_individuals and not open_statement.freeze_at_publication
    assert open_statement.posts_visible_to_readers().count() == 2
    assert SignOnLink.objects.count() == 2


def test_a_list_typed_by_hand_waits_in_both_languages_and_affiliations_wait_to_be_confirmed(built):
    make_person("Typed Exactly", affiliation="Sada Radio")
    make_person("Typed As An Alias", affiliation="Radio Sada")
    printed = add_demo_proposals(built[3])
    english, arabic = (DetectedSignatory.objects.filter(post__locale__language_code=language).order_by("position")
                       for language in ("en", "ar"))
    assert [row.name for row in english] == ["Centre for Free Expression", "Radio Sada", "Bridges Legal Aid",
                                             "Marsh Light Community Radio", "Lantern Network for Press Freedom"]
    assert [row.organisation is not None for row in english] == [True, True, True, False, True]
    assert [row.organisation.short_name_en or row.organisation.name_en for row in arabic] == [
        "CFE", "Sada Radio", "Bridges Legal Aid", "LNPF"]
    assert Statement.objects.count() == 12  # nothing accepted for the editor
    states = dict(AffiliationMatch.objects.values_list("person__name_en", "state"))
    assert states == {"Typed Exactly": ProposalState.ACCEPTED, "Typed As An Alias": ProposalState.PROPOSED}
    assert "/admin/statements/detected/" in printed[0] and "1 persons' affiliations" in printed[1]
