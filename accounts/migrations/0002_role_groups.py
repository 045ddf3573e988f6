"""Create one group per role holding its capability permissions (accounts/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_GROUPS = {
    "Dinas Sosial staff": [
        "register_applicants",
        "verify_eligibility",
        "import_dtks",
        "manage_programs",
        "view_full_nik",
        "view_dashboards",
    ],
    "BLK admin": ["manage_training", "view_dashboards"],
    "Official": ["view_dashboards", "approve_reallocation"],
    "System administrator": [
        "register_applicants",
        "verify_eligibility",
        "import_dtks",
        "manage_programs",
        "view_full_nik",
        "manage_training",
        "view_dashboards",
        "approve_reallocation",
        "manage_grants",
        "view_audit",
    ],
}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    accounts_config = apps.get_app_config("accounts")
    accounts_config.models_module = True
    create_permissions(accounts_config, apps=apps, verbosity=0)
    accounts_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
        group.permissions.set(permissions)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
