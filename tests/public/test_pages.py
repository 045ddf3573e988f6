"""The catalog, a cycle's page, the pre-check and the share tags: public, Indonesian, nothing
personal, nothing stored."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from tests.participants.factories import ApplicationFactory
from tests.training.factories import BatchFactory

from .conftest import open_cycle

pytestmark = pytest.mark.django_db


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "content" in attributes:
            self.tags[attributes.get("property") or attributes.get("name")] = attributes["content"]


def meta_tags(response) -> dict:
    parser = _Meta()
    parser.feed(response.content.decode())
    return parser.tags


def test_the_catalog_is_public_indonesian_and_lists_only_open_cycles(client, paser_cycle, tabalong_cycle,
                                                                     closed_cycle):
    response = client.get(reverse("public:catalog"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pelatihan yang dibuka untuk pendaftaran" in page
    assert "Pelatihan Keterampilan Pemuda Putus Sekolah" in page and "Pelatihan Kerja Tabalong" in page
    assert "Pelatihan Yang Sudah Tutup" not in page
    assert "usia paling tinggi 20 tahun pada 31 Jul 2026" in page
    assert "ber-KTP Kabupaten Paser" in page
    # The staff shell's menu and user block are not on a resident's page.
    assert 'data-testid="main-menu"' not in page


def test_the_catalog_filters_by_kabupaten_by_name(client, paser_cycle, tabalong_cycle):
    response = client.get(reverse("public:catalog"), {"kabupaten": "63.09"})
    page = response.content.decode()
    assert "Pelatihan Kerja Tabalong" in page
    assert "Pelatihan Keterampilan Pemuda Putus Sekolah" not in page
    # The filter names the districts, the codes are only values of its options.
    assert ">Kabupaten Tabalong<" in page and ">Kabupaten Paser<" in page
    assert not re.search(r">\s*6[34]\.\d\d\s*<", page)


def test_a_cycle_page_has_a_stable_address_seats_where_to_register_and_what_to_bring(client, paser_cycle):
    BatchFactory(cycle=paser_cycle, package__name="Tata Boga Dasar", package__vocation="Tata Boga")
    response = client.get(f"/p/program/{paser_cycle.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pendaftaran dibuka" in page
    assert "Dinas Sosial Kabupaten Paser" in page and "40 kursi" in page
    assert "Tata Boga Dasar" in page
    assert "SKTM" in page
    assert "Dinas Sosial akan memeriksa data DTKS Anda." in page
    assert reverse("public:cycle-poster", args=[paser_cycle.code]) in page


def test_a_closed_cycle_page_says_registration_closed_and_an_unknown_code_is_404(client, closed_cycle):
    page = client.get(reverse("public:cycle-detail", args=[closed_cycle.code])).content.decode()
    assert "Pendaftaran ditutup pada" in page
    assert client.get(reverse("public:cycle-detail", args=["NOPE-1"])).status_code == 404


def test_catalog_and_cycle_page_carry_open_graph_tags_for_whatsapp(client, paser_cycle):
    tags = meta_tags(client.get(reverse("public:catalog")))
    assert tags["og:title"] == "Pelatihan yang dibuka untuk pendaftaran"
    assert tags["og:url"] == "http://testserver/p/"
    assert tags["og:type"] == "website"
    assert tags["og:image"] == "http://testserver/static/img/og-public.png"
    assert tags["twitter:card"] == "summary_large_image"

    tags = meta_tags(client.get(reverse("public:cycle-detail", args=[paser_cycle.code])))
    assert tags["og:title"] == "Pelatihan Keterampilan Pemuda Putus Sekolah"
    assert tags["og:url"] == f"http://testserver/p/program/{paser_cycle.code}/"
    assert "usia paling tinggi 20 tahun" in tags["og:description"]
    assert "Kuota: 40" in tags["og:description"]


def test_the_language_switch_turns_the_catalog_english(client, paser_cycle):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("public:catalog")})
    page = client.get(reverse("public:catalog")).content.decode()
    assert "Skills trainings open for registration" in page
    assert 'action="/i18n/setlang/"' in page


def test_the_login_and_about_pages_link_to_the_catalog(client):
    for name in ("login", "core:about"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("public:catalog") in page
        assert "Lihat pelatihan yang dibuka" in page


def precheck(client, **answers):
    data = {"birth_date": "14-03-2010", "school_status": "putus_sekolah", "education": "smp", "regency": "64.01"}
    return client.post(reverse("public:precheck"), data | answers)


def test_the_precheck_asks_no_nik_and_no_name(client, paser_cycle):
    page = client.get(reverse("public:precheck")).content.decode()
    assert 'name="birth_date"' in page and 'name="regency"' in page
    assert 'name="nik"' not in page and 'name="name"' not in page


def test_the_precheck_says_who_may_qualify_and_why_not_for_the_others(client, paser_cycle, tabalong_cycle):
    page = precheck(client).content.decode()
    assert re.search(r'data-cycle="PSK-2026" data-qualifies="yes"', page)
    assert re.search(r'data-cycle="PKT-2026" data-qualifies="no"', page)
    assert "Anda mungkin memenuhi syarat." in page
    assert "Dinas Sosial akan memeriksa data DTKS Anda." in page
    assert "Program ini hanya untuk warga ber-KTP Kabupaten Tabalong." in page
    assert "Usia Anda kurang dari 17 tahun" in page


def test_the_precheck_stores_nothing(client, paser_cycle, tabalong_cycle):
    events = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = precheck(client)
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert writes == []
    assert AuditEvent.objects.count() == events
    assert "sessionid" not in response.cookies


def test_the_public_pages_query_count_is_small_and_fixed(client, paser, tabalong, django_assert_max_num_queries):
    for n in range(12):
        cycle = open_cycle(f"BANYAK-{n}", program=f"Pelatihan {n}", rules={"regions": ["64.01", "63.09"]},
                           quotas={paser: 10, tabalong: 5})
        BatchFactory(cycle=cycle)
        ApplicationFactory(cycle=cycle)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:catalog")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:catalog"), {"kabupaten": "64.01"}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("public:cycle-detail", args=["BANYAK-3"])).status_code == 200
    with django_assert_max_num_queries(6):
        assert precheck(client).status_code == 200


def test_a_change_of_a_cycle_its_program_or_its_seats_shows_on_the_next_visit(client, paser_cycle):
    client.get(reverse("public:catalog"))
    quota = paser_cycle.quotas.get()
    quota.reallocated_quota = 37
    quota.save()
    paser_cycle.program.name = "Pelatihan Barista Muda"
    paser_cycle.program.save()
    page = client.get(reverse("public:catalog")).content.decode()
    assert "Pelatihan Barista Muda" in page and ">37<" in page
    paser_cycle.registration_closes = paser_cycle.registration_opens
    paser_cycle.save()
    assert "Pelatihan Barista Muda" not in client.get(reverse("public:catalog")).content.decode()


def test_the_precheck_offers_the_open_districts_and_another_which_no_district_cycle_takes(client, paser_cycle,
                                                                                          tabalong_cycle):
    page = client.get(reverse("public:precheck")).content.decode()
    assert ">Kabupaten Paser<" in page and ">Kabupaten Tabalong<" in page and ">Kabupaten/kota lain<" in page
    assert ">Kabupaten Bantaeng<" not in page
    page = precheck(client, regency="other").content.decode()
    assert 'data-qualifies="yes"' not in page
    assert "Program ini hanya untuk warga ber-KTP Kabupaten Paser." in page
