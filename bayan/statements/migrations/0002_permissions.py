"""Who may do what with joint statements: editors and administrators keep them and moderate signatures.

The table is ``bayan.accounts.roles.STATEMENT_PERMISSIONS``; contributors and case officers get
nothing of statements. Besides Django's add/change/delete/view, submitted signatures have
``moderate_submission``: the right to approve or reject them from the moderation queue.
Permissions are created here if Django has not made them yet (on a fresh database they appear
only after every migration has run), with the names Django itself gives them.
"""

from django.db import migrations

from bayan.accounts import roles

VERBOSE_NAMES = {
    "organisation": "organisation",
    "statement": "joint statement",
    "signatory": "signatory",
    "signonlink": "sign-on link",
    "submission": "submitted signature",
    "detectedsignatory": "detected signatory",
    "affiliationmatch": "affiliation match",
}


def give_statement_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for role, grants in roles.STATEMENT_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for model, action in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label="statements", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE_NAMES[model]}"})
            group.permissions.add(permission)


def take_statement_permissions(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=list(roles.STATEMENT_PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="statements"))


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0001_initial"),
        ("accounts", "0001_roles_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_statement_permissions, take_statement_permissions)]
