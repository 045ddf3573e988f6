"""Demo accounts: one per role, in the demo districts (registered with core.demo).

Each account gets its own random password when it is created. Only then is it known, so the
seeder keeps the sign-in lines, passwords included, in DEMO_LOGINS_FILE (var/demo-logins.txt,
readable by its owner only), which `make run` prints. A later seed reads the file back and
shows the passwords that still work; it sets new ones only for accounts it creates, or for all
with `seed_demo --reset-passwords` (so `make run`, which seeds every time, never logs anyone
out, and a lost file is recovered with that flag).
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.demo import SEED_REGENCIES, DemoContext
from core.errors import PortalError
from regions.models import Province, Regency

from .models import User
from .roles import Role
from .services import user_create

UNKNOWN_PASSWORD = "?"

DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN, None, None, "Admin Sistem"),
    ("staf.paser", Role.DINSOS_STAFF, "64.01", None, "Staf Dinsos Paser"),
    # A second Paser officer: grants need one person to enter a proposal and another to verify it.
    ("staf2.paser", Role.DINSOS_STAFF, "64.01", None, "Rina Pendamping"),
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


def demo_password() -> str:
    """A fresh random password (16 URL-safe characters, 96 bits)."""
    return secrets.token_urlsafe(12)


def demo_logins_file() -> Path:
    return Path(settings.DEMO_LOGINS_FILE)


def known_demo_passwords(path: Path) -> dict[str, str]:
    """{username: password} from an earlier DEMO_LOGINS_FILE (empty when there is none)."""
    usernames = {username for username, *_rest in DEMO_USERS}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return {}
    known = {}
    for line in text.splitlines():
        parts = line.split()
        if line.startswith("  ") and len(parts) >= 2 and parts[0] in usernames and parts[1] != UNKNOWN_PASSWORD:
            known[parts[0]] = parts[1]
    return known


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def seed_users(context: DemoContext) -> None:
    missing = [code for code in SEED_REGENCIES if not Regency.objects.filter(code=code).exists()]
    if missing:
        raise PortalError(
            _("Regions %(codes)s are missing: run `python manage.py load_regions` first.")
            % {"codes": ", ".join(missing)}
        )
    path = demo_logins_file()
    known = known_demo_passwords(path)
    passwords = {}
    for username, role, regency, province, name in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            passwords[username] = demo_password()
            first, _space, last = name.partition(" ")
            user_create(
                username=username, password=passwords[username], role=role,
                regency=Regency.objects.get(code=regency) if regency else None,
                province=Province.objects.get(code=province) if province else None,
                first_name=first, last_name=last, email=f"{username}@demo.invalid",
            )
        elif context.reset_passwords:
            passwords[username] = demo_password()
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
        elif username in known and user.check_password(known[username]):
            passwords[username] = known[username]
        else:
            passwords[username] = UNKNOWN_PASSWORD
    lines = [f"Demo logins (each account has its own password; kept in {path}):"]
    for username, role, regency, province, _name in DEMO_USERS:
        area = regency or (f"province {province}" if province else "all regions")
        lines.append(f"  {username:<16} {passwords[username]:<17} {Role(role).label} · {area}")
    if UNKNOWN_PASSWORD in passwords.values():
        lines.append(
            f"  {UNKNOWN_PASSWORD}: password changed or not kept; "
            "`manage.py seed_demo --reset-passwords` sets new ones."
        )
    _write_private(path, "\n".join(lines) + "\n")
    context.logins.extend(lines)
