"""The roles of a Bayan newsroom, as Wagtail groups (created by migration 0001).

| role | may |
|---|---|
| Contributor | sign in, write and edit drafts, submit them for review; never publish |
| Editor | what a contributor may; review, publish, unpublish, lock; categories, tags, authors; read case records |
| Case officer | sign in; write case records (persons, events, roles), internal ones included; download them all |
| Administrator | everything, including users, groups and settings (Django superusers) |

Case records (bayan.cases): contributors see none; editors read persons and events and link
posts to persons; the permissions are given by the cases app's migration 0003 from
CASE_PERMISSIONS below. Joint statements (bayan.statements): editors and administrators keep
organisations, signatories and sign-on links and moderate submitted signatures; the statements
app's migration 0002 gives STATEMENT_PERMISSIONS below.

Editors, case officers and administrators must sign in with a second factor; contributors may.

Posts need an editor's approval: the "Editor approval" workflow covers the whole site.
Page permissions are given on each language's home page (migration 0003); the bin of
deleted pages, beside the homes, is for administrators, who may restore from it.
"""

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
CASE_OFFICER = "Case officer"
ADMINISTRATOR = "Administrator"
ROLES = [CONTRIBUTOR, EDITOR, CASE_OFFICER, ADMINISTRATOR]

PAGE_PERMISSIONS = {
    CONTRIBUTOR: ["add_page", "change_page"],
    EDITOR: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    EDITOR: [("newsroom", model, action) for model in ("category", "tag", "author")
             for action in ("add", "change", "delete")],
    ADMINISTRATOR: [("newsroom", model, action) for model in ("category", "tag", "author")
                    for action in ("add", "change", "delete")]
    + [("auth", "user", action) for action in ("add", "change", "delete")]
    + [("auth", "group", action) for action in ("add", "change", "delete")],
}
# Case records (bayan.cases): (model, actions) per role; the models are those of the cases app.
_CASE_MODELS = ("person", "event", "eventsource", "role", "postperson")
_ALL_ACTIONS = ("add", "change", "delete", "view")
CASE_PERMISSIONS = {
    EDITOR: [(model, "view") for model in ("person", "event", "eventsource", "role")] + [("postperson", "change")],
    CASE_OFFICER: [(model, action) for model in _CASE_MODELS for action in _ALL_ACTIONS],
    ADMINISTRATOR: [(model, action) for model in _CASE_MODELS for action in _ALL_ACTIONS],
}
# Joint statements (bayan.statements): editors and administrators keep organisations, signatories and
# sign-on links and moderate submitted signatures ("moderate_submission", a permission of its own).
_STATEMENT_MODELS = ("organisation", "statement", "signatory", "signonlink", "submission",
                     "detectedsignatory", "affiliationmatch")
_STATEMENT_GRANTS = [(model, action) for model in _STATEMENT_MODELS for action in _ALL_ACTIONS] + [
    ("submission", "moderate")]
STATEMENT_PERMISSIONS = {
    EDITOR: _STATEMENT_GRANTS,
    ADMINISTRATOR: _STATEMENT_GRANTS,
}
APPROVAL_WORKFLOW = "Editor approval"
# Roles that must sign in with a second factor (the permission can be given or taken per group in the admin).
TWO_FACTOR_REQUIRED = [EDITOR, CASE_OFFICER, ADMINISTRATOR]
