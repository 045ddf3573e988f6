"""Roles and what each may do. A role is a Django group holding capability permissions.

The capabilities are permissions declared on the User model (so the accounts migration
can create them with the groups); views check them with `user.has_perm("accounts.X")`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DINSOS_STAFF = "dinsos_staff", _("Dinas Sosial staff")
    BLK_ADMIN = "blk_admin", _("BLK admin")
    OFFICIAL = "official", _("Official")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


CAPABILITIES = [
    ("register_applicants", "Can register applicants and upload their documents"),
    ("verify_eligibility", "Can run eligibility checks and decide applications"),
    ("import_dtks", "Can import and delete DTKS snapshots"),
    ("manage_programs", "Can edit programs, cycles, rules and quotas"),
    ("view_full_nik", "Can see a full NIK on an application's page"),
    ("manage_training", "Can schedule batches, enrol participants and record training"),
    ("view_dashboards", "Can view quota and outcome dashboards"),
    ("approve_reallocation", "Can approve a quota reallocation"),
    ("manage_grants", "Can record post-training grants"),
    ("approve_grants", "Can approve post-training grants"),
    ("view_audit", "Can read the audit trail"),
    ("import_training_results", "Can import the training results (rekap peserta) of any provider"),
    ("manage_targets", "Can set the districts' yearly training targets"),
    ("register_late", "Can register an applicant after registration closed, giving a reason"),
]

ROLE_CAPABILITIES = {
    Role.DINSOS_STAFF: [
        "register_applicants",
        "verify_eligibility",
        "import_dtks",
        "manage_programs",
        "view_full_nik",
        "view_dashboards",
        "import_training_results",
        # Grants are the Dinas's work (Paser's Dinas Sosial gives the stimulus and coaches):
        # staff record schemes, proposals, payments, handovers and visits; an official approves.
        "manage_grants",
    ],
    Role.BLK_ADMIN: ["manage_training", "view_dashboards", "import_training_results"],
    Role.OFFICIAL: ["view_dashboards", "approve_reallocation", "manage_targets", "approve_grants"],
    Role.SYSTEM_ADMIN: [codename for codename, _label in CAPABILITIES],
}

# Group names are stable identifiers (the migration creates them); labels are translated.
ROLE_GROUP_NAMES = {
    Role.DINSOS_STAFF: "Dinas Sosial staff",
    Role.BLK_ADMIN: "BLK admin",
    Role.OFFICIAL: "Official",
    Role.SYSTEM_ADMIN: "System administrator",
}


def sync_role_groups(*, group_model, permission_model) -> None:
    """Make each role's group hold exactly its capabilities. Run by migration 0002 and after
    every migrate/flush (post_migrate), so a database never lacks a role's group."""
    for role, group_name in ROLE_GROUP_NAMES.items():
        group, _created = group_model.objects.get_or_create(name=group_name)
        permissions = permission_model.objects.filter(
            content_type__app_label="accounts", codename__in=ROLE_CAPABILITIES[role]
        )
        group.permissions.set(permissions)
