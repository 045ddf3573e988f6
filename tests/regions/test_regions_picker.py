import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from regions.forms import VillagePickerField
from regions.models import Regency
from regions.selectors import regency_list_visible_to

pytestmark = pytest.mark.django_db


class AddressForm(forms.Form):
    village = VillagePickerField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].regency_queryset = regency_list_visible_to(user=user)


def address_data(regency="", subdistrict="", village=""):
    return {"village_0": regency, "village_1": subdistrict, "village_2": village}


def test_subdistrict_options_lists_the_kecamatan_of_a_kabupaten(client, regions_user):
    client.force_login(regions_user)
    response = client.get(reverse("regions:subdistrict-options"), {"regency": "64.01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="64.01.01">Batu Sopang</option>' in html
    assert '<option value="64.01.02">Tanjung Harapan</option>' in html
    assert "Muara Muntai" not in html


def test_village_options_lists_the_desa_of_a_kecamatan(client, regions_user):
    client.force_login(regions_user)
    response = client.get(reverse("regions:village-options"), {"subdistrict": "64.01.01"})
    html = response.content.decode()
    assert '<option value="64.01.01.2009">Samurangau</option>' in html
    assert "Busui" in html
    assert "Keladen" not in html


def test_option_endpoints_answer_json_for_scripts(client, regions_user):
    client.force_login(regions_user)
    url = reverse("regions:subdistrict-options")
    response = client.get(url, {"regency": "64.01", "format": "json"})
    assert response.json() == [
        {"code": "64.01.01", "name": "Batu Sopang"},
        {"code": "64.01.02", "name": "Tanjung Harapan"},
    ]
    url = reverse("regions:village-options")
    response = client.get(url, {"subdistrict": "64.99.99", "format": "json"})
    assert response.json() == []


def test_option_endpoints_without_a_parent_offer_only_the_placeholder(client, regions_user):
    client.force_login(regions_user)
    html = client.get(reverse("regions:village-options")).content.decode()
    assert html.count("<option") == 1


def test_anonymous_request_to_option_endpoint_redirects_to_login(client, regions_tree):
    url = reverse("regions:subdistrict-options") + "?regency=64.01"
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "Batu Sopang" not in response.content.decode()


def test_picker_cleans_to_the_chosen_village(regions_tree, regions_user):
    form = AddressForm(address_data("64.01", "64.01.01", "64.01.01.2009"), user=regions_user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["village"] == regions_tree.samurangau


def test_picker_refuses_a_desa_not_in_the_chosen_kecamatan(regions_tree, regions_user):
    form = AddressForm(address_data("64.01", "64.01.01", "64.01.02.2004"), user=regions_user)
    assert not form.is_valid()
    assert form.errors["village"] == ["The chosen desa/kelurahan is not in the chosen kecamatan."]


def test_picker_refuses_a_kecamatan_not_in_the_chosen_kabupaten(regions_tree, django_user_model):
    admin = django_user_model.objects.create_user(username="regions-admin", role="system_admin")
    form = AddressForm(address_data("64.02", "64.01.01", "64.01.01.2009"), user=admin)
    assert not form.is_valid()
    assert form.errors["village"] == ["The chosen kecamatan is not in the chosen kabupaten/kota."]


def test_picker_refuses_a_kabupaten_outside_the_callers_choice(regions_tree, regions_user):
    form = AddressForm(address_data("73.03", "73.03.01", "73.03.01.1001"), user=regions_user)
    assert not form.is_valid()
    assert form.errors["village"] == ["Choose a kabupaten/kota from the list."]


def test_picker_asks_for_the_missing_desa(regions_tree, regions_user):
    form = AddressForm(address_data("64.01", "64.01.01", ""), user=regions_user)
    assert not form.is_valid()
    assert form.errors["village"] == ["Choose a desa/kelurahan."]


def test_picker_shown_again_after_an_error_keeps_the_chosen_kecamatan_and_desa(
    regions_tree, regions_user
):
    form = AddressForm(address_data("64.01", "64.01.01", "64.01.02.2004"), user=regions_user)
    assert not form.is_valid()
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))
    assert '<option value="64.01.01" selected>Batu Sopang</option>' in html
    assert '<option value="64.01.02">Tanjung Harapan</option>' in html
    assert '<option value="64.01.01.2009">Samurangau</option>' in html
    assert "Keladen" not in html  # a desa of another kecamatan is not offered
    assert "Kabupaten Bantaeng" not in html  # nor a kabupaten the user does not work for
    assert 'class="row g-2 is-invalid"' in html
    assert "The chosen desa/kelurahan is not in the chosen kecamatan." in html


def test_picker_renders_htmx_selects_and_preselects_a_single_kabupaten(regions_tree, regions_user):
    html = str(AddressForm(user=regions_user)["village"])
    assert html.count("<select") == 3
    assert 'class="form-select"' in html
    assert f'hx-get="{reverse("regions:subdistrict-options")}"' in html
    assert 'hx-target="#id_village_1"' in html
    assert f'hx-get="{reverse("regions:village-options")}"' in html
    assert 'hx-trigger="change from:#id_village_0"' in html
    assert '<option value="64.01" selected>Kabupaten Paser</option>' in html
    assert '<option value="64.01.01">Batu Sopang</option>' in html


@pytest.mark.parametrize("initial", ["instance", "code"])
def test_picker_shows_the_initial_village(regions_tree, initial):
    class Form(forms.Form):
        village = VillagePickerField(regency_queryset=Regency.objects.filter(province_id="64"))

    # A ModelForm's initial value for a foreign key is the code, not the instance.
    value = regions_tree.busui if initial == "instance" else regions_tree.busui.code
    html = str(Form(initial={"village": value})["village"])
    assert '<option value="64.01.01.2010" selected>Busui</option>' in html
    assert '<option value="64.01.01" selected>Batu Sopang</option>' in html
    assert '<option value="64.01" selected>Kabupaten Paser</option>' in html
