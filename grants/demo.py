"""The demo's grants (Paser): a cash stimulus scheme with proposals in every state, a paid payment
list with one failed payment and its follow-up list, an equipment scheme handed over with BASTs
and asset tags, a KUR referral, monitoring visits done, due and overdue, a coaching session,
outcomes, the district's letterhead and its village needs; all through the services, with the
graduates of the training demo (training/demo.py). The demo's "today" is the real today."""

import csv
import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.demo import demo_admin
from accounts.models import User
from accounts.roles import Role
from core.demo import DemoContext
from core.services import letterhead_save
from programs.models import ProgramCycle
from regions.models import Regency, Village
from training.models import Batch, Enrolment

from .models import Grant, GrantScheme, MonitoringVisit
from .monitoring.services import coaching_session_save, outcome_record, visit_record, visits_assign, visits_schedule
from .payments.services import payment_batch_create, payment_result_import
from .proposals import services as proposals
from .schemes.services import scheme_save
from .villages.selectors import need_lines_for
from .villages.services import village_need_save, village_needs_link_batch

SECOND_OFFICER = ("staf2.paser", "Rina Pendamping", "Dinas Sosial staff, second officer of Paser (verifies, visits)")
CASH_PLAN = [  # final state, amount, business type
    ("disbursed_visited", 2_000_000, "Warung sembako"),
    ("disbursed", 2_000_000, "Usaha kue dan makanan ringan"),
    ("payment_failed", 2_000_000, "Angkringan"),
    ("approved", 2_500_000, "Katering rumahan"),
    ("first_approved", 2_500_000, "Kedai kopi"),
    ("verified", 2_000_000, "Warung makan"),
    ("submitted", 1_500_000, "Usaha gorengan"),
    ("draft", 2_000_000, "Jualan kue basah"),
    ("rejected", 2_000_000, "Warung bakso"),
]


def _second_officer(paser) -> User:
    """The second Paser officer, one of the demo accounts (accounts.demo)."""
    return User.objects.get(username=SECOND_OFFICER[0])


def _take(grant, to, *, staff, staff2, official, province_official):
    """Take a draft through the workflow up to `to`, each step by its own person."""
    if to == "draft":
        return grant
    grant = proposals.grant_submit(grant=grant, by=staff)
    if to == "submitted":
        return grant
    if to == "rejected":
        return proposals.grant_reject(grant=grant, by=staff2, reason="Usaha yang sama sudah menerima bantuan "
                                                                       "dari program lain tahun ini")
    grant = proposals.grant_verify(grant=grant, by=staff2, note="KTP, KK dan sertifikat sesuai; lokasi usaha ditinjau")
    if to == "verified":
        return grant
    grant = proposals.grant_approve(grant=grant, by=official, note="Sesuai DPA")
    if grant.status == Grant.Status.FIRST_APPROVED and to != "first_approved":
        grant = proposals.grant_approve(grant=grant, by=province_official, note="Persetujuan kedua")
    return grant


def _bank_result(batch, outcomes: dict, paid_on) -> Path:
    """The bank's result file of `batch`: outcomes {grant id: failure reason or None}."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="", encoding="utf-8")
    with handle:
        writer = csv.writer(handle)
        writer.writerow(["referensi", "jumlah", "status", "alasan", "tanggal_bayar"])
        for payment in batch.payments.order_by("position"):
            reason = outcomes.get(payment.grant_id)
            writer.writerow([payment.reference, payment.amount, "gagal" if reason else "berhasil", reason or "",
                             "" if reason else paid_on.isoformat()])
        writer.writerow(["TOTAL", batch.control_total, "", "", ""])
    return Path(handle.name)


def seed_grants(context: DemoContext) -> None:
    year = context.year
    if GrantScheme.objects.filter(code=f"BST-PSR-{year}").exists():
        return
    today = timezone.localdate()
    paser = Regency.objects.get(code="64.01")
    cycle = ProgramCycle.objects.get(code=f"PSK-{year}")
    admin = demo_admin()
    staff, official = User.objects.get(username="staf.paser"), User.objects.get(username="pejabat.paser")
    province_official = User.objects.get(username="pejabat.kaltim")
    staff2 = _second_officer(paser)
    people = {"staff": staff, "staff2": staff2, "official": official, "province_official": province_official}
    context.logins.append(f"  {SECOND_OFFICER[0]:<16} {Role(Role.DINSOS_STAFF).label} · 64.01 (verifies, visits)")

    letterhead_save(regency=paser, by=admin, government_name="PEMERINTAH KABUPATEN PASER", office_name="DINAS SOSIAL",
                    address="Tana Paser, Kalimantan Timur", contact="", place="Tana Paser")
    graduates = list(Enrolment.objects.filter(batch__name="Tata Boga Angkatan 1", status=Enrolment.Status.COMPLETED)
                     .select_related("application__person").order_by("pk"))
    if not graduates:
        context.write("Grants: no graduates in the demo, nothing seeded")
        return
    villages = list(Village.objects.filter(subdistrict__regency_id="64.01").select_related("subdistrict")
                    .order_by("code"))
    village_of = {i: villages[(i * 37) % len(villages)] for i in range(len(graduates) + 4)}

    cash = scheme_save(
        by=staff, regency=paser, eligible_cycles=[cycle], code=f"BST-PSR-{year}",
        name=f"Bantuan Stimulan Usaha Lulusan Pelatihan {year}", cycle=cycle, kind=GrantScheme.Kind.CASH,
        amount_per_recipient=2_500_000, budget_ceiling=25_000_000, require_competent=False,
        budget_line="5.4.02.05.01.0001 Belanja Hibah Uang kepada Masyarakat (DPA Dinas Sosial)",
        second_approval_above=2_000_000, monitoring_months=[3, 6, 12], is_open=True,
    )
    equipment = scheme_save(
        by=staff, regency=paser, eligible_cycles=[cycle], code=f"BPU-PSR-{year}",
        name=f"Bantuan Peralatan Usaha Boga {year}", cycle=cycle, kind=GrantScheme.Kind.EQUIPMENT,
        amount_per_recipient=None, budget_ceiling=20_000_000, require_competent=True,
        budget_line="5.4.02.05.02.0001 Belanja Hibah Barang kepada Masyarakat (DPA Dinas Sosial)",
        second_approval_above=None, monitoring_months=[3, 6, 12], is_open=True,
        items=[("Kompor gas dua tungku", "unit", 850_000), ("Etalase kaca", "unit", 1_250_000),
               ("Peralatan masak", "set", 650_000)],
    )
    kur = scheme_save(
        by=staff, regency=paser, eligible_cycles=[cycle], code=f"KUR-PSR-{year}", name=f"Rujukan KUR Mikro {year}",
        cycle=cycle, kind=GrantScheme.Kind.KUR, amount_per_recipient=25_000_000, budget_ceiling=None,
        require_competent=True, budget_line="", second_approval_above=None, monitoring_months=[3, 6, 12],
        is_open=True,
    )

    def propose(scheme, index, amount=None, items=None, business="Warung sembako", officer=staff2):
        enrolment = graduates[index]
        person = enrolment.application.person
        return proposals.grant_create(
            by=staff, scheme=scheme, enrolment=enrolment, amount=amount, items=items, business_type=business,
            business_name=f"{business} {person.name.split()[0]}", village=village_of[index],
            plan=f"Memulai {business.lower()} di rumah dengan modal bantuan; menjual ke tetangga dan pasar desa.",
            bank_name="Bank Kaltimtara" if scheme.kind == GrantScheme.Kind.CASH else "",
            bank_account_number=f"00{1000000 + enrolment.pk:08d}" if scheme.kind == GrantScheme.Kind.CASH else "",
            bank_account_name=person.name if scheme.kind == GrantScheme.Kind.CASH else "", officer=officer,
        )

    cash_grants = {}
    for index, (state, amount, business) in enumerate(CASH_PLAN[:len(graduates)]):
        to = "approved" if state in ("disbursed_visited", "disbursed", "payment_failed") else state
        grant = propose(cash, index, amount=amount, business=business, officer=staff2 if index % 3 else None)
        cash_grants[state] = _take(grant, to, **people)

    # The first payment list: two paid, one failed; then the failed one, its account corrected,
    # in a follow-up list still waiting for the bank.
    paid_on = today - timedelta(days=100)
    first_list = [cash_grants[s].pk for s in ("disbursed_visited", "disbursed", "payment_failed") if s in cash_grants]
    if first_list:
        batch = payment_batch_create(scheme=cash, by=staff, grant_ids=first_list)
        failed = cash_grants.get("payment_failed")
        path = _bank_result(batch, {failed.pk: "Nomor rekening tidak terdaftar"} if failed else {}, paid_on)
        try:
            payment_result_import(batch=batch, by=staff, path=path, file_name="hasil-bank-dn-001.csv", today=today)
        finally:
            path.unlink(missing_ok=True)
        if failed:
            failed.refresh_from_db()
            proposals.grant_bank_account_change(grant=failed, by=staff, bank_name="Bank Kaltimtara",
                                                bank_account_number=f"01{2000000 + failed.pk:08d}",
                                                bank_account_name=failed.person.name)
            payment_batch_create(scheme=cash, by=staff, grant_ids=[failed.pk])

    # Equipment for the competent graduates: two handed over (85 and 200 days ago), one approved.
    competent = [i for i, e in enumerate(graduates) if e.assessment == Enrolment.Assessment.COMPETENT]
    items = list(equipment.items.order_by("position"))
    handed = []
    for number, index in enumerate(competent[:3]):
        chosen = [(items[0], 1), (items[1], 1)] if number != 1 else [(items[0], 1), (items[2], 2)]
        grant = _take(propose(equipment, index, items=chosen, business="Usaha katering"), "approved", **people)
        if number < 2:
            day = today - timedelta(days=85 if number == 0 else 200)
            proposals.handover_record(grant=grant, by=staff, handed_over_on=day, place="Aula Dinas Sosial, Tana Paser",
                                      officer=staff2, officer_position="Kepala Seksi Pemberdayaan Sosial")
            handed.append(grant)

    # KUR: one credit approved by the bank 120 days ago, one still pending.
    kur_grants = []
    for number, index in enumerate(competent[3:5]):
        grant = _take(propose(kur, index, amount=15_000_000, business="Bengkel dan kuliner"), "approved", **people)
        proposals.kur_referral_record(grant=grant, by=staff, bank_name="BRI Unit Tanah Grogot",
                                      referred_on=today - timedelta(days=130 - number * 100))
        if number == 0:
            proposals.kur_decision_record(grant=grant, by=staff, decision="approved",
                                          decided_on=today - timedelta(days=120), credit_amount=15_000_000,
                                          note="Plafon Rp15.000.000, tenor 24 bulan")
        kur_grants.append(grant)

    # Monitoring: the scheduler creates every visit; some are made, some assigned.
    visits_schedule()
    visited = cash_grants.get("disbursed_visited")
    if visited:
        visit = MonitoringVisit.objects.get(grant=visited, months_after=3)
        visit_record(visit=visit, by=staff2, visited_on=min(today, visit.due_on + timedelta(days=2)),
                     business_status="active", monthly_revenue=3_500_000, employees=1,
                     notes="Warung buka setiap hari; stok sembako dari grosir di Tana Paser.", outcome="self_employed")
    if len(handed) > 1:
        visit = MonitoringVisit.objects.get(grant=handed[1], months_after=3)
        visit_record(visit=visit, by=staff2, visited_on=visit.due_on + timedelta(days=1), business_status="growing",
                     monthly_revenue=6_000_000, employees=2, notes="Menerima pesanan katering untuk acara desa.",
                     in_use={item.pk: True for item in handed[1].items.all()}, outcome="self_employed")
    # The equipment visits go to the second officer; a few cash visits stay unassigned.
    unassigned = MonitoringVisit.objects.filter(regency=paser, status="scheduled", officer__isnull=True,
                                                grant__scheme=equipment)
    if unassigned.exists():
        visits_assign(by=staff, visits=unassigned, officer=staff2)

    coaching_session_save(
        by=staff, regency=paser, topic="Pencatatan keuangan usaha sederhana", held_on=today - timedelta(days=14),
        place="Aula Dinas Sosial Kabupaten Paser", officer=staff2, scheme=cash,
        notes="Buku kas harian, memisahkan uang usaha dan uang rumah tangga.",
        attendees=[graduates[i].application.person for i in range(min(4, len(graduates)))],
    )
    submitted = cash_grants.get("submitted")
    if submitted:
        outcome_record(person=submitted.person, by=staff, status="employed", confirmed_on=today - timedelta(days=20),
                       note="Bekerja di rumah makan di Tana Paser sambil menunggu bantuan")

    # Village needs from four musyawarah desa, and one summary row linked to the sewing batch.
    needs = [
        (0, [("Tata Boga", 14), ("Menjahit", 6)], "Hasil kebun kelapa sawit dan pisang; pasar desa setiap Kamis.",
         ["kelapa sawit", "pisang", "pasar desa"]),
        (1, [("Tata Boga", 9), ("Perbengkelan", 5)], "Jalan poros kecamatan, banyak sepeda motor.",
         ["jalan poros", "transportasi"]),
        (12, [("Menjahit", 11)], "Kelompok ibu PKK aktif; kerajinan anyaman rotan.", ["rotan", "kerajinan", "pkk"]),
        (13, [("Tata Boga", 7), ("Barista", 4)], "Dekat objek wisata air terjun.", ["wisata", "kuliner"]),
    ]
    for number, (offset, lines, potential, tags) in enumerate(needs):
        village_need_save(by=staff, village=villages[offset * 3 % len(villages)],
                          meeting_date=today - timedelta(days=60 + number * 9), potential=potential, tags=tags,
                          lines=lines, notes="Notulen musyawarah desa tersimpan di kantor desa.")
    sewing = Batch.objects.filter(name="Menjahit Angkatan 1").first()
    if sewing is not None:
        lines = need_lines_for(user=admin, regency_code="64.01", training_key="menjahit")
        if lines.exists():
            village_needs_link_batch(by=staff, lines=lines, batch=sewing)
    context.write(f"Grants: 3 schemes, {Grant.objects.filter(regency=paser).count()} proposals, "
                  f"{MonitoringVisit.objects.filter(regency=paser).count()} monitoring visits")
