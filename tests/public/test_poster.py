"""The A4 poster of a cycle: the same plain words as its page and a QR code to that page."""

import subprocess

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "poster.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_the_poster_is_an_a4_pdf_with_the_programs_words(client, paser_cycle, tmp_path):
    response = client.get(reverse("public:cycle-poster", args=[paser_cycle.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Pelatihan Keterampilan Pemuda Putus Sekolah" in text
    assert "Siapa yang boleh ikut" in text
    assert "usia paling tinggi 20 tahun pada 31 Jul 2026" in text
    assert "ber-KTP Kabupaten Paser" in text
    assert "Kuota: 40" in text
    assert "Dinas Sosial Kabupaten Paser" in text
    assert "SKTM" in text
    assert f"http://testserver/p/program/{paser_cycle.code}/" in text
    info = subprocess.run(["pdfinfo", "-"], input=response.content, check=True, capture_output=True).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info
