from django.db import migrations

from bayan.accounts import roles


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def permission(app_label, model, codename, name):
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        found, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename,
                                                    defaults={"name": name})
        return found

    admin_access = permission("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    root = Page.objects.get(depth=1)
    groups = {}
    for name in (roles.CONTRIBUTOR, roles.EDITOR, roles.CASE_OFFICER, roles.ADMINISTRATOR):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        groups[name] = group
        for codename in roles.PAGE_PERMISSIONS.get(name, []):
            page_permission = permission("wagtailcore", "page", codename, codename.replace("_", " "))
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=page_permission)
        for app_label, model, action in roles.MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(permission(app_label, model, f"{action}_{model}", f"Can {action} {model}"))

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.create(name=roles.APPROVAL_WORKFLOW, content_type=task_type, active=True)
    task.groups.set([groups[roles.EDITOR], groups[roles.ADMINISTRATOR]])
    workflow = Workflow.objects.create(name=roles.APPROVAL_WORKFLOW, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("newsroom", "0002_languages_homes_categories"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
