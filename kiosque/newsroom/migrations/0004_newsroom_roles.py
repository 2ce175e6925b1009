"""The newsroom's roles as groups with their permissions (newsroom/roles.py names them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Kept here as they were when this migration was written: later changes come in new migrations.
ROLES = {
    "Contributeurs": [
        "newsroom.view_article",
        "newsroom.add_article",
        "newsroom.submit_article",
        "media.view_image",
        "media.add_image",
        "newsroom.view_tag",
        "newsroom.add_tag",
    ],
    "Auteurs": ["newsroom.publish_own_article"],
    "Éditeurs": [
        "newsroom.change_article",
        "newsroom.delete_article",
        "newsroom.publish_article",
        "media.change_image",
        "media.delete_image",
        *(
            f"newsroom.{verb}_{model}"
            for model in ("section", "tag", "author", "story", "correction", "page")
            for verb in ("view", "add", "change", "delete")
        ),
        "newsroom.view_errorreport",
        "newsroom.change_errorreport",
        "newsroom.view_articlerevision",
        "newsroom.add_previewlink",
    ],
}
ORDER = ["Contributeurs", "Auteurs", "Éditeurs"]


def create_roles(apps, schema_editor):
    # Permissions are otherwise created after all migrations: make those named here exist.
    for label in ("newsroom", "media"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # what create_permissions checks on a real app config
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = []
    for name in ORDER:
        granted += ROLES[name]
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in granted:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ORDER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_workflow_revisions_corrections_pages"),
        ("media", "0001_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
