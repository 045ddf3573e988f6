"""Create one group per role holding its capability permissions (accounts/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import ROLE_GROUP_NAMES, sync_role_groups


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    accounts_config = apps.get_app_config("accounts")
    accounts_config.models_module = True
    create_permissions(accounts_config, apps=apps, verbosity=0)
    accounts_config.models_module = None

    sync_role_groups(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUP_NAMES.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
