from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from core.navigation import MenuItem, menu_register

        menu_register(MenuItem(_("Audit trail"), "admin:audit_auditevent_changelist", "accounts.view_audit", 90,
                                "shield-check", pgettext_lazy("menu group", "Administration")))
