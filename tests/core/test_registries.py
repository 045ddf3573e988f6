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
                       "grants.demo"]
