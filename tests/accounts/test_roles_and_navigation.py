import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import ROLE_CAPABILITIES, ROLE_GROUP_NAMES, Role

pytestmark = pytest.mark.django_db


def test_migration_creates_one_group_per_role_with_its_capabilities():
    for role, group_name in ROLE_GROUP_NAMES.items():
        group = Group.objects.get(name=group_name)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert codenames == set(ROLE_CAPABILITIES[role]), role


def test_a_user_gets_exactly_the_capabilities_of_their_role(paser_staff, paser_blk_admin, paser_official):
    assert paser_staff.has_perm("accounts.verify_eligibility")
    assert not paser_staff.has_perm("accounts.manage_training")
    assert paser_blk_admin.has_perm("accounts.manage_training")
    assert not paser_blk_admin.has_perm("accounts.register_applicants")
    assert paser_official.has_perm("accounts.view_dashboards")
    assert not paser_official.has_perm("accounts.verify_eligibility")


def _menu_urls(client, user):
    client.force_login(user)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return {item["url_name"] for item in response.context["menu"]}


def test_navigation_shows_each_role_only_what_it_may_use(client, paser_staff, paser_official, system_admin):
    staff_menu = _menu_urls(client, paser_staff)
    official_menu = _menu_urls(client, paser_official)
    admin_menu = _menu_urls(client, system_admin)

    assert "admin:audit_auditevent_changelist" in admin_menu
    assert "admin:audit_auditevent_changelist" not in staff_menu
    assert "admin:audit_auditevent_changelist" not in official_menu
    assert staff_menu <= admin_menu and official_menu <= admin_menu


def test_the_menu_names_the_role_and_area_of_the_signed_in_user(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Kabupaten Paser" in page
    assert "Staf Dinas Sosial" in page


def test_a_role_change_in_the_admin_moves_the_user_to_the_new_group_and_is_audited(
    client, system_admin, paser_staff, paser_provider
):
    from audit.models import AuditEvent

    client.force_login(system_admin)
    url = reverse("admin:accounts_user_change", args=[paser_staff.pk])
    form = client.get(url).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("groups", "user_permissions", "last_login", "date_joined")
    }
    data.update(
        role=Role.BLK_ADMIN,
        regency=paser_staff.regency_id,
        province="",
        provider=paser_provider.pk,
        date_joined_0="2026-01-01",
        date_joined_1="08:00:00",
        is_active="on",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    paser_staff.refresh_from_db()
    assert list(paser_staff.groups.values_list("name", flat=True)) == [ROLE_GROUP_NAMES[Role.BLK_ADMIN]]
    event = AuditEvent.objects.get(action="user.change", target_id=str(paser_staff.pk))
    assert event.before["role"] == Role.DINSOS_STAFF
    assert event.after["role"] == Role.BLK_ADMIN
    # Linking a BLK admin to a provider decides which batches they see: it is audited too.
    assert event.before["provider"] is None
    assert event.after["provider"] == paser_provider.pk
    assert event.actor == system_admin
