"""Core knows none of the apps above it: each app registers its menu entries, job kinds and demo
data. These tests hold the registries to what the apps promise."""

import pytest
from django.urls import NoReverseMatch, reverse

from core.demo import demo_seeders
from core.jobs import job_kind, job_kind_choices
from core.models import Job
from core.navigation import MenuItem, menu_for, menu_items, menu_register

pytestmark = pytest.mark.django_db


def test_every_registered_menu_entry_opens_a_page_for_a_system_admin(client, system_admin):
    client.force_login(system_admin)
    entries = {item.url_name for item in menu_items()}
    assert {"participants:application-list", "verification:cycle-list", "programs:program-list",
            "training:batch-list", "training:quota-overview", "grants:scheme-list", "grants:approval-list"} <= entries
    for item in menu_items():
        assert client.get(reverse(item.url_name)).status_code == 200, item.url_name


def test_a_menu_entry_whose_page_does_not_exist_fails_loudly_instead_of_vanishing(system_admin):
    menu_register(MenuItem("Nowhere", "grants:no-such-page", None, 999))
    try:
        with pytest.raises(NoReverseMatch):
            menu_for(system_admin)
    finally:
        from core import navigation

        navigation._MENU.pop("grants:no-such-page")


def test_each_background_job_kind_is_registered_with_its_task_and_capability():
    kinds = dict(job_kind_choices())
    assert set(kinds) == {"applicant_import", "dtks_import", "eligibility_run", "training_results_import"}
    assert job_kind("training_results_import").capability == "accounts.import_training_results"
    assert job_kind("training_results_import").task.name == "training.import_training_results"
    assert job_kind("dtks_import").capability == "accounts.import_dtks"
    assert job_kind("eligibility_run").task.name == "verification.run_eligibility"
    assert job_kind("applicant_import").task.name == "participants.import_applicants"
    # The job page shows the kind's label, not its code.
    assert Job(kind="applicant_import").get_kind_display() == str(kinds["applicant_import"])


def test_demo_data_is_seeded_layer_by_layer():
    modules = [seeder.__module__ for seeder in demo_seeders()]
    assert modules == ["accounts.demo", "programs.demo", "participants.demo", "verification.demo", "training.demo",
                       "grants.demo", "public.demo"]


def test_every_menu_entry_has_a_bootstrap_icon_that_exists_and_a_heading(system_admin):
    import json

    from django.conf import settings

    from core.navigation import menu_groups_for

    icons = json.loads((settings.BASE_DIR / "node_modules/bootstrap-icons/font/bootstrap-icons.json").read_text())
    for item in menu_items():
        assert item.icon in icons, item.url_name
    groups = menu_groups_for(system_admin)
    assert groups[0]["label"] == "" and [entry["url_name"] for entry in groups[0]["items"]] == ["core:dashboard"]
    headings = [str(group["label"]) for group in groups[1:]]
    assert headings == ["Pendaftaran", "Program dan target", "Pelatihan", "Bantuan usaha", "Pemantauan", "Administrasi"]
    grouped = [entry["url_name"] for group in groups for entry in group["items"]]
    assert sorted(grouped) == sorted(entry["url_name"] for entry in menu_for(system_admin))


def test_the_sidebar_lists_a_staff_members_entries_under_headings_with_icons(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'class="portal-menu-heading">Pendaftaran<' in page
    assert '<i class="bi bi-people" aria-hidden="true"></i><span>Pendaftar</span>' in page
    assert ('<span class="d-block d-md-inline">Staf Dinas Sosial</span><span class="d-none d-md-inline"> · </span>'
            '<span class="d-block d-md-inline">Kabupaten Paser</span>') in page
    assert "bi-easel" not in page  # no Training entry: a Dinas Sosial officer does not run batches
