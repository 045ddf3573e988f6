"""Demo accounts each get their own random password, printed by seed_demo and kept in the
demo logins file (readable by its owner only); seeding again keeps them, unless asked."""

import stat

import pytest

from accounts.demo import DEMO_USERS, seed_users
from accounts.models import User
from core.demo import DemoContext
from tests.conftest import make_regency

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins_file(tmp_path, settings):
    settings.DEMO_LOGINS_FILE = tmp_path / "var" / "demo-logins.txt"
    return settings.DEMO_LOGINS_FILE


@pytest.fixture
def regions(db):
    for code in ("64.01", "73.03", "63.09", "62.71"):
        make_regency(code)


def seed(**options) -> list[str]:
    context = DemoContext(write=lambda line: None, **options)
    seed_users(context)
    return context.logins


def printed_passwords(lines) -> dict[str, str]:
    usernames = {username for username, *_rest in DEMO_USERS}
    return {parts[0]: parts[1] for parts in (line.split() for line in lines) if parts and parts[0] in usernames}


def test_every_demo_account_gets_its_own_password_and_the_printed_one_works(regions, logins_file):
    lines = seed()

    passwords = printed_passwords(lines)
    assert set(passwords) == {username for username, *_rest in DEMO_USERS}
    assert len(set(passwords.values())) == len(passwords)  # no two accounts share one
    assert all(len(password) >= 16 for password in passwords.values())
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)
        assert not User.objects.get(username=username).check_password("demo-pelatihan-2026")
    assert next(line for line in lines if line.split()[:1] == ["staf.paser"]).split()[1] == passwords["staf.paser"]


def test_the_logins_are_kept_in_a_file_only_its_owner_reads(regions, logins_file):
    lines = seed()
    assert logins_file.read_text(encoding="utf-8").splitlines() == lines
    assert stat.S_IMODE(logins_file.stat().st_mode) == 0o600


def test_seeding_again_keeps_and_prints_the_same_passwords(regions, logins_file):
    first = printed_passwords(seed())
    second = printed_passwords(seed())
    assert second == first
    assert User.objects.get(username="admin").check_password(first["admin"])


def test_reset_passwords_gives_new_ones_and_the_old_stop_working(regions, logins_file):
    first = printed_passwords(seed())
    second = printed_passwords(seed(reset_passwords=True))
    assert all(second[username] != first[username] for username in first)
    user = User.objects.get(username="staf.paser")
    assert user.check_password(second["staf.paser"]) and not user.check_password(first["staf.paser"])


def test_a_lost_file_is_said_and_no_password_changes(regions, logins_file):
    first = printed_passwords(seed())
    logins_file.unlink()

    lines = seed()

    assert set(printed_passwords(lines).values()) == {"?"}
    assert any("seed_demo --reset-passwords" in line for line in lines)
    assert User.objects.get(username="staf.paser").check_password(first["staf.paser"])
