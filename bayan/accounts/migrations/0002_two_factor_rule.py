from django.db import migrations, models

from bayan.accounts import roles


def require_two_factor(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="twofactorrule")
    rule, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="require_two_factor",
        defaults={"name": "Must sign in with a second factor"},
    )
    for group in Group.objects.filter(name__in=roles.TWO_FACTOR_REQUIRED):
        group.permissions.add(rule)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="TwoFactorRule",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={
                "permissions": [("require_two_factor", "Must sign in with a second factor")],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(require_two_factor, migrations.RunPython.noop),
    ]
