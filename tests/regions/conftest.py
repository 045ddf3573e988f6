from types import SimpleNamespace

import pytest

from regions.models import Province, Regency, Subdistrict, Village


def _put(model, code, **fields):
    # update_or_create: a project-wide seed fixture may already hold some of these codes.
    return model.objects.update_or_create(code=code, defaults=fields)[0]


@pytest.fixture
def regions_tree():
    """Two kabupaten of Kalimantan Timur and one of Sulawesi Selatan, a few kecamatan and desa."""
    kaltim = _put(Province, "64", name="Kalimantan Timur")
    sulsel = _put(Province, "73", name="Sulawesi Selatan")
    paser = _put(Regency, "64.01", province=kaltim, name="Kabupaten Paser")
    kukar = _put(Regency, "64.02", province=kaltim, name="Kabupaten Kutai Kartanegara")
    bantaeng = _put(Regency, "73.03", province=sulsel, name="Kabupaten Bantaeng")
    batu_sopang = _put(Subdistrict, "64.01.01", regency=paser, name="Batu Sopang")
    tanjung_harapan = _put(Subdistrict, "64.01.02", regency=paser, name="Tanjung Harapan")
    muara_muntai = _put(Subdistrict, "64.02.01", regency=kukar, name="Muara Muntai")
    bissappu = _put(Subdistrict, "73.03.01", regency=bantaeng, name="Bissappu")
    return SimpleNamespace(
        kaltim=kaltim,
        paser=paser,
        kukar=kukar,
        bantaeng=bantaeng,
        batu_sopang=batu_sopang,
        tanjung_harapan=tanjung_harapan,
        muara_muntai=muara_muntai,
        bissappu=bissappu,
        samurangau=_put(Village, "64.01.01.2009", subdistrict=batu_sopang, name="Samurangau"),
        busui=_put(Village, "64.01.01.2010", subdistrict=batu_sopang, name="Busui"),
        keladen=_put(Village, "64.01.02.2004", subdistrict=tanjung_harapan, name="Keladen"),
        perian=_put(Village, "64.02.01.2001", subdistrict=muara_muntai, name="Perian"),
        bonto_manai=_put(Village, "73.03.01.1001", subdistrict=bissappu, name="Bonto Manai"),
    )


@pytest.fixture
def regions_user(django_user_model, regions_tree):
    return django_user_model.objects.create_user(
        username="regions-paser-staff",
        password="x",
        role="dinsos_staff",
        regency=regions_tree.paser,
    )


@pytest.fixture(autouse=True)
def english_messages():
    """These tests read the English message ids; the portal's default language is Indonesian."""
    from django.utils import translation

    with translation.override("en"):
        yield
