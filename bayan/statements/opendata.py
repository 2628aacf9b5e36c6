"""Joint statements as open data: the public organisations, and each statement's signatories.

Both documents follow the readers' rule (``models.py``): internal organisations are never
named, only counted per statement (``unnamed_signatories``); a statement is published only
while readers may see one of its posts; submissions are never read. The schema is in
docs/statements.md.
"""

from collections import defaultdict

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext

from bayan.newsroom.models import PostPage

from .directory import public_organisations
from .models import Organisation, Signatory, Statement, Visibility
from .signatory_list import organisation_address


def _addresses(slug):
    return {code: settings.BASE_URL + organisation_address(code, slug) for code, _name in settings.LANGUAGES}


def organisations_json(request=None):
    """Every public organisation with its names in both languages and its count of statements signed."""
    signed = {row.pk: row.statements for row in public_organisations(request)}
    return {"organisations": [
        {"id": found.pk, "slug": found.slug,
         "name": {"en": found.name_en, "ar": found.name_ar},
         "short_name": {"en": found.short_name_en, "ar": found.short_name_ar},
         "aliases": found.alias_list(), "kind": found.kind, "country": found.country.code or None,
         "website": found.website or None, "url": _addresses(found.slug),
         "statements_signed": signed.get(found.pk, 0)}
        for found in Organisation.objects.visible_to_readers().order_by("pk")
    ]}


def statement_json(post_id):
    """The statement whose post ``post_id`` readers may see: its posts and its signatories in order.

    404 when readers may not see that post or it is no joint statement.
    """
    # A number past what the database stores names no post (and would overflow the query).
    post = None if not 0 < post_id < 2**63 else (
        PostPage.objects.visible_to_readers().filter(pk=post_id).only("translation_key").first())
    statement = Statement.objects.filter(translation_key=post.translation_key).first() if post else None
    if statement is None:
        raise Http404(gettext("There is no joint statement here."))
    return statements_json([statement])[0]


def statements_json(statements, now=None):
    """Each of ``statements`` as its open-data document (its posts readers may see, its signatories in order),
    in the same order; three queries however many there are."""
    posts = defaultdict(list)
    for each in (PostPage.objects.visible_to_readers(now).filter(
            translation_key__in={statement.translation_key for statement in statements})
            .select_related("locale").order_by("locale__language_code")):
        posts[each.translation_key].append(each)
    signatures = defaultdict(list)
    for signatory in (Signatory.objects.filter(statement__in=statements).select_related("organisation")
                      .order_by("after_publication", "sort_order", "pk")):
        signatures[signatory.statement_id].append(signatory)
    return [_statement_document(statement, posts[statement.translation_key], signatures[statement.pk])
            for statement in statements]


def _statement_document(statement, posts, signatures):
    signatories, unnamed = [], 0
    for signatory in signatures:
        signer = signatory.organisation
        if signer is not None and signer.visibility != Visibility.PUBLIC:
            unnamed += 1
            continue
        entry = {"position": len(signatories) + 1, "signed_on": signatory.signed_on.isoformat(),
                 "after_publication": signatory.after_publication}
        if signer is None:
            entry.update({"type": "person", "name": signatory.individual_name,
                          "title": signatory.individual_title or None})
        else:
            entry.update({"type": "organisation", "organisation_id": signer.pk, "slug": signer.slug,
                          "name": {"en": signer.name_en, "ar": signer.name_ar}, "url": _addresses(signer.slug)})
        signatories.append(entry)
    return {
        "statement": statement.pk,
        "frozen_at": statement.frozen_at.isoformat() if statement.frozen_at else None,
        "posts": [{"id": each.pk, "language": each.locale.language_code, "title": each.title,
                   "date": each.date.isoformat(), "url": settings.BASE_URL + each.reader_path()} for each in posts],
        "signatories": signatories,
        "unnamed_signatories": unnamed,
    }
