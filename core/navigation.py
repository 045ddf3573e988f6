"""The main menu: each entry names the capability a user needs to see it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str | None  # "accounts.<codename>", or None for every signed-in user


MENU = [
    MenuItem(_("Dashboard"), "core:dashboard", None),
    MenuItem(_("Applicants"), "participants:application-list", "accounts.register_applicants"),
    MenuItem(_("Eligibility"), "verification:cycle-list", "accounts.verify_eligibility"),
    MenuItem(_("DTKS snapshots"), "verification:snapshot-list", "accounts.import_dtks"),
    MenuItem(_("Programs"), "programs:program-list", "accounts.manage_programs"),
    MenuItem(_("Training"), "training:batch-list", "accounts.manage_training"),
    MenuItem(_("Waiting list"), "training:waiting-list", "accounts.manage_training"),
    MenuItem(_("Quotas"), "training:quota-overview", "accounts.view_dashboards"),
    MenuItem(_("Grants"), "grants:grant-list", "accounts.manage_grants"),
    MenuItem(_("Audit trail"), "admin:audit_auditevent_changelist", "accounts.view_audit"),
]


def menu_for(user) -> list[dict]:
    items = []
    for item in MENU:
        if item.capability and not user.has_perm(item.capability):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            # The feature behind this entry is not installed yet.
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items
