"""Who may do what with case records: editors read them, case officers and administrators write them.

The table is ``bayan.accounts.roles.CASE_PERMISSIONS``; contributors get nothing of cases.
Permissions are created here if Django has not made them yet (on a fresh database they
appear only after every migration has run), with the names Django itself gives them.
"""

from django.db import migrations

from bayan.accounts import roles

VERBOSE_NAMES = {
    "person": "person of concern",
    "event": "event",
    "eventsource": "source",
    "role": "role",
    "postperson": "post about a person",
}


def give_case_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for role, grants in roles.CASE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for model, action in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label="cases", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE_NAMES[model]}"})
            group.permissions.add(permission)


def take_case_permissions(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=list(roles.CASE_PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="cases"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_roles"),
        ("accounts", "0001_roles_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_case_permissions, take_case_permissions)]
