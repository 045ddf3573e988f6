"""Demo accounts: one per role, in the demo districts (registered with core.demo)."""

from django.utils.translation import gettext as _

from core.demo import SEED_REGENCIES, DemoContext
from core.errors import PortalError
from regions.models import Province, Regency

from .models import User
from .roles import Role
from .services import user_create

DEMO_PASSWORD = "demo-pelatihan-2026"

DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN, None, None, "Admin Sistem"),
    ("staf.paser", Role.DINSOS_STAFF, "64.01", None, "Staf Dinsos Paser"),
    ("staf.bantaeng", Role.DINSOS_STAFF, "73.03", None, "Staf Dinsos Bantaeng"),
    ("blk.paser", Role.BLK_ADMIN, "64.01", None, "Admin BLK Paser"),
    ("blk.bantaeng", Role.BLK_ADMIN, "73.03", None, "Admin BLK Bantaeng"),
    ("pejabat.paser", Role.OFFICIAL, "64.01", None, "Pejabat Kabupaten Paser"),
    ("pejabat.kaltim", Role.OFFICIAL, None, "64", "Pejabat Provinsi Kalimantan Timur"),
    ("pejabat.kaltim2", Role.OFFICIAL, None, "64", "Pejabat Provinsi Kalimantan Timur (kedua)"),
]


def demo_admin() -> User:
    """The demo's system administrator, who loads the demo's files."""
    return User.objects.get(username="admin")


def seed_users(context: DemoContext) -> None:
    missing = [code for code in SEED_REGENCIES if not Regency.objects.filter(code=code).exists()]
    if missing:
        raise PortalError(
            _("Regions %(codes)s are missing: run `python manage.py load_regions` first.")
            % {"codes": ", ".join(missing)}
        )
    for username, role, regency, province, name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        first, _space, last = name.partition(" ")
        user_create(
            username=username, password=DEMO_PASSWORD, role=role,
            regency=Regency.objects.get(code=regency) if regency else None,
            province=Province.objects.get(code=province) if province else None,
            first_name=first, last_name=last, email=f"{username}@demo.invalid",
        )
    context.logins.append(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, regency, province, _name in DEMO_USERS:
        area = regency or (f"province {province}" if province else "all regions")
        context.logins.append(f"  {username:<16} {Role(role).label} · {area}")
