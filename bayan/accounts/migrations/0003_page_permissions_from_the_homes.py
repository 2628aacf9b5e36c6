from django.db import migrations

from bayan.accounts import roles


def permissions_from_the_homes(apps, schema_editor):
    """Roles' page permissions start at each home page instead of the root.

    What sits beside the homes (the bin of deleted pages) is then for administrators
    only, and no role can add a page at the top of the tree.
    """
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("newsroom.HomePage")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    root = Page.objects.get(depth=1)
    homes = list(HomePage.objects.all())
    at_root = GroupPagePermission.objects.filter(page=root, group__name__in=roles.ROLES)
    for granted in at_root:
        for home in homes:
            GroupPagePermission.objects.get_or_create(group=granted.group, page_id=home.pk,
                                                      permission=granted.permission)
    at_root.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_two_factor_rule"),
        ("newsroom", "0004_bin"),
    ]

    operations = [migrations.RunPython(permissions_from_the_homes, migrations.RunPython.noop)]
