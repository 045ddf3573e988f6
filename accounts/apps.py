from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_role_groups

    sync_role_groups(group_model=Group, permission_model=Permission)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Keeps role groups in step with accounts/roles.py, also after a test flush.
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="accounts.sync_role_groups")

        from axes.signals import user_locked_out

        from .throttling import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="accounts.audit_lockout")

        from core.demo import demo_seeder_register

        from .demo import seed_users

        demo_seeder_register(self.label, seed_users)
