"""The handover record (BAST) as a PDF ready to sign, parsed back with pdftotext: the number, the
date and place, the items with their values and asset tags (or the cash amount), the total in
figures and in Indonesian words, the names, and the district's letterhead."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from core.services import letterhead_save
from grants.models import Grant, GrantItem
from grants.payments.services import payment_batch_create, payment_result_import
from grants.proposals.services import GrantRefused, handover_record

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "bast.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.fixture
def letterhead(paser, paser_staff):
    return letterhead_save(regency=paser, by=paser_staff, government_name="PEMERINTAH KABUPATEN PASER",
                           office_name="DINAS SOSIAL", address="Jl. Contoh No. 1, Tana Paser", contact="",
                           place="Tana Paser")


@pytest.fixture
def equipment_grant(equipment_scheme, paser_graduate, propose, advance):
    kompor, etalase = equipment_scheme.items.order_by("position")
    # 2 × Rp750.000 + 1 × Rp1.250.000 = Rp2.750.000
    return advance(propose(equipment_scheme, paser_graduate, items=[(kompor, 2), (etalase, 1)],
                           business_type="Katering rumahan"), "approved")


def test_an_equipment_bast_has_the_items_their_tags_the_total_in_words_and_both_names(
    client, tmp_path, letterhead, equipment_grant, paser_staff, paser_staff2
):
    with translation.override("en"):
        handover = handover_record(grant=equipment_grant, by=paser_staff, handed_over_on=date(2026, 9, 1),
                                   place="Aula Dinas Sosial", officer=paser_staff2,
                                   officer_position="Kepala Seksi Pemberdayaan Sosial")
    grant = Grant.objects.get(pk=equipment_grant.pk)
    assert (grant.status, grant.delivered_on) == ("handed_over", date(2026, 9, 1))
    assert handover.number == "001/BAST/BPU-PSR-2026/2026"
    tags = list(GrantItem.objects.filter(grant=grant).order_by("position").values_list("asset_tag", flat=True))
    assert tags == [f"BNT-6401-2026-{grant.pk:06d}-01", f"BNT-6401-2026-{grant.pk:06d}-02"]

    client.force_login(paser_staff)
    response = client.get(reverse("grants:grant-bast", args=[grant.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in ("PEMERINTAH KABUPATEN PASER", "DINAS SOSIAL", "BERITA ACARA SERAH TERIMA BANTUAN",
                     "Nomor: 001/BAST/BPU-PSR-2026/2026", "Selasa",
                     "satu bulan September tahun dua ribu dua puluh enam",
                     "Aula Dinas Sosial", "Kompor gas dua tungku", "Etalase kaca", "Rp750.000", "Rp1.500.000",
                     "Rp1.250.000", "Rp2.750.000", "dua juta tujuh ratus lima puluh ribu rupiah", tags[0], tags[1],
                     "Siti Rahmawati", "Rina Verifikator", "Kepala Seksi Pemberdayaan Sosial",
                     "Tana Paser, 1 September 2026",
                     "PIHAK PERTAMA", "PIHAK KEDUA"):
        assert expected in text, expected
    assert grant.person.nik not in text  # a printed record leaves the office: masked NIK only


def test_a_cash_bast_states_the_amount_in_figures_and_words(
    client, tmp_path, letterhead, cash_scheme, paser_graduate, propose, advance, paser_staff, paser_staff2
):
    grant = advance(propose(cash_scheme, paser_graduate, amount=1_500_000), "approved")
    batch = payment_batch_create(scheme=cash_scheme, by=paser_staff)
    result = tmp_path / "hasil.csv"
    payment = batch.payments.get()
    result.write_text(f"referensi,jumlah,status,alasan,tanggal_bayar\n{payment.reference},1500000,berhasil,,"
                      "2026-10-05\n", encoding="utf-8")
    payment_result_import(batch=batch, by=paser_staff, path=result, file_name="hasil.csv")
    handover_record(grant=grant, by=paser_staff, handed_over_on=date(2026, 10, 6), place="Kantor Desa",
                    officer=paser_staff2)
    with translation.override("en"), pytest.raises(GrantRefused, match="already has its handover"):
        handover_record(grant=grant, by=paser_staff, handed_over_on=date(2026, 10, 6), place="Kantor Desa",
                        officer=paser_staff2)
    client.force_login(paser_staff)
    text = pdf_text(client.get(reverse("grants:grant-bast", args=[grant.pk])).content, tmp_path)
    assert "Rp1.500.000" in text and "satu juta lima ratus ribu rupiah" in text
    assert "0012345678" in text and "Bank Kaltimtara" in text
    assert "Siti Rahmawati" in text and "Rina Verifikator" in text
    assert Grant.objects.get(pk=grant.pk).status == "disbursed"  # the BAST acknowledges; the bank paid


def test_bast_numbers_run_per_district_and_year_across_schemes(
    letterhead, equipment_scheme, cash_scheme, psk, paser_provider, propose, advance, paser_staff, paser_staff2
):
    from .factories import graduate

    items = [(equipment_scheme.items.first(), 1)]
    numbers = []
    for _ in range(2):
        grant = advance(propose(equipment_scheme, graduate(cycle=psk, provider=paser_provider), items=items),
                        "approved")
        numbers.append(handover_record(grant=grant, by=paser_staff, handed_over_on=date(2026, 9, 2), place="Aula",
                                       officer=paser_staff2).number)
    assert numbers == ["001/BAST/BPU-PSR-2026/2026", "002/BAST/BPU-PSR-2026/2026"]


def test_a_district_without_a_letterhead_prints_its_own_name(client, tmp_path, equipment_grant, paser_staff,
                                                            paser_staff2):
    handover_record(grant=equipment_grant, by=paser_staff, handed_over_on=date(2026, 9, 1), place="Aula",
                    officer=paser_staff2)
    client.force_login(paser_staff)
    text = pdf_text(client.get(reverse("grants:grant-bast", args=[equipment_grant.pk])).content, tmp_path)
    assert "PEMERINTAH KABUPATEN PASER" in text


def test_another_districts_bast_answers_404(client, equipment_grant, paser_staff, paser_staff2, bantaeng_staff):
    handover_record(grant=equipment_grant, by=paser_staff, handed_over_on=date(2026, 9, 1), place="Aula",
                    officer=paser_staff2)
    client.force_login(bantaeng_staff)
    assert client.get(reverse("grants:grant-bast", args=[equipment_grant.pk])).status_code == 404


def test_the_letterhead_page_saves_a_logo_checked_by_content(client, paser, paser_staff, media_root):
    import io

    from PIL import Image

    client.force_login(paser_staff)
    url = reverse("grants:letterhead", args=["64.01"])
    data = {"government_name": "PEMERINTAH KABUPATEN PASER", "office_name": "DINAS SOSIAL", "address": "Tana Paser",
            "contact": "", "place": "Tana Paser"}
    fake = io.BytesIO(b"not an image at all")
    fake.name = "logo.png"
    response = client.post(url, {**data, "logo": fake})
    assert response.status_code == 200 and "is not a JPEG or PNG image" in response.content.decode()
    png = io.BytesIO()
    Image.new("RGB", (40, 50), "green").save(png, "PNG")
    png.seek(0)
    png.name = "logo.png"
    assert client.post(url, {**data, "logo": png}).status_code == 302
    from core.models import Letterhead

    letterhead = Letterhead.objects.get(regency=paser)
    assert letterhead.logo.name.endswith(".png") and letterhead.office_name == "DINAS SOSIAL"
    assert client.get(reverse("grants:letterhead", args=["73.03"])).status_code == 404
