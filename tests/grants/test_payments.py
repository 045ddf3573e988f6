"""Payment lists (daftar nominatif) and the bank's result: XLSX and CSV with control totals and a
reference per payment; the re-import marks paid and failed payments, refuses a mismatched file
whole with every mismatch listed, and a failed payment goes into a follow-up list."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from grants.models import Grant, Payment, PaymentBatch
from grants.payments import exports
from grants.payments.services import ResultRefused, parse_amount, payment_batch_create, payment_result_import
from grants.schemes.selectors import scheme_ledger

from .factories import graduate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def approved(cash_scheme, psk, paser_provider, propose, advance):
    """Three approved cash grants: Rp1.500.000, Rp1.000.000, Rp1.200.000."""
    names = ["Andi Saputra", "Budi Santoso", "Citra Lestari"]
    return [advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider, name=name), amount=amount),
                    "approved")
            for name, amount in zip(names, (1_500_000, 1_000_000, 1_200_000), strict=True)]


@pytest.fixture
def batch(cash_scheme, approved, paser_staff):
    return payment_batch_create(scheme=cash_scheme, by=paser_staff)


def write_result(tmp_path, rows, *, name="hasil.csv", total=None):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["referensi", "jumlah", "status", "alasan", "tanggal_bayar"])
        writer.writerows(rows)
        if total is not None:
            writer.writerow(["TOTAL", total, "", "", ""])
    return path


def result_rows(batch, *, failed=(), amounts=None):
    rows = []
    for payment in batch.payments.order_by("position"):
        amount = (amounts or {}).get(payment.reference, payment.amount)
        if payment.grant_id in failed:
            rows.append([payment.reference, amount, "gagal", "Rekening tidak aktif", ""])
        else:
            rows.append([payment.reference, f"{amount:,}".replace(",", "."), "berhasil", "", "17-10-2026"])
    return rows


def test_a_payment_list_has_a_reference_per_payment_and_control_totals(batch, approved):
    assert (batch.control_count, batch.control_total) == (3, 3_700_000)
    references = list(batch.payments.order_by("position").values_list("reference", flat=True))
    assert len(set(references)) == 3 and all(r.startswith("BNT") for r in references)
    assert batch.number == "DN/BST-PSR-2026/001"
    assert AuditEvent.objects.filter(action="payment_batch.create", target_id=str(batch.pk)).exists()


def test_a_grant_waits_in_one_payment_list_at_a_time(cash_scheme, batch, paser_staff):
    from core.errors import PortalError

    with pytest.raises(PortalError, match="No approved grant"):
        payment_batch_create(scheme=cash_scheme, by=paser_staff)


def test_the_xlsx_has_the_payments_and_their_control_totals(client, batch, paser_staff):
    client.force_login(paser_staff)
    response = client.get(reverse("grants:payment-batch-xlsx", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="daftar-nominatif-dn-bst-psr-2026-001')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:10] == ("no", "referensi", "nik", "nama", "desa", "kecamatan", "bank", "no_rekening",
                            "nama_rekening", "jumlah")
    data = rows[1:-1]
    assert [row[3] for row in data] == ["Andi Saputra", "Budi Santoso", "Citra Lestari"]
    assert sum(row[9] for row in data) == 3_700_000
    payment = batch.payments.get(position=1)
    # Staff may see full NIKs (view_full_nik): the bank needs them to check the account holder.
    assert data[0][1] == payment.reference and data[0][2] == payment.grant.person.nik
    assert rows[-1][1] == "TOTAL" and rows[-1][9] == 3_700_000 and rows[-1][3] == "3 payments"
    control = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert control["Number of payments"] == 3 and control["Total (Rp)"] == 3_700_000


def test_the_csv_has_a_bom_the_payments_and_the_total(client, batch, paser_staff):
    client.force_login(paser_staff)
    content = client.get(reverse("grants:payment-batch-csv", args=[batch.pk])).content
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 5 and rows[-1][1] == "TOTAL" and rows[-1][9] == "3700000"


def test_niks_are_masked_for_a_user_who_may_not_see_them(batch):
    payments = batch.payments.select_related("grant__person", "grant__village__subdistrict")
    rows = exports.nominatif_rows(payments=payments, full_nik=False)
    assert all("*" in row[2] for row in rows)


def test_a_formula_typed_as_a_name_reaches_the_spreadsheet_as_text(batch):
    grant = batch.payments.get(position=1).grant
    grant.person.name = '=HYPERLINK("http://contoh.invalid","klik")'
    grant.person.save()
    payments = batch.payments.select_related("grant__person", "grant__village__subdistrict")
    rows = exports.nominatif_rows(payments=payments, full_nik=True)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.nominatif_xlsx(batch=batch, rows=rows))).worksheets[0]
    names = [row[3] for row in sheet.iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://contoh.invalid\",\"klik\")" in names
    assert not any(isinstance(cell.value, str) and cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    text = exports.nominatif_csv(batch=batch, rows=rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_bank_result_marks_paid_and_failed_and_moves_the_ledger(tmp_path, cash_scheme, batch, approved,
                                                                    paser_staff):
    path = write_result(tmp_path, result_rows(batch, failed={approved[1].pk}), total="3.700.000")
    result = payment_result_import(batch=batch, by=paser_staff, path=path, file_name="hasil.csv")
    assert result == {"paid": 2, "failed": 1}
    grants = {g.pk: g for g in Grant.objects.filter(pk__in=[g.pk for g in approved])}
    assert grants[approved[0].pk].status == "disbursed" and grants[approved[0].pk].delivered_on == date(2026, 10, 17)
    assert grants[approved[1].pk].status == "payment_failed"
    failed = Payment.objects.get(grant=approved[1])
    assert (failed.status, failed.failure_reason) == ("failed", "Rekening tidak aktif")
    batch.refresh_from_db()
    assert batch.status == "reconciled"
    ledger = scheme_ledger(scheme=cash_scheme)
    assert (ledger.disbursed, ledger.committed) == (2_700_000, 1_000_000)


def test_a_failed_payment_goes_into_a_follow_up_list(tmp_path, cash_scheme, batch, approved, paser_staff):
    payment_result_import(batch=batch, by=paser_staff, path=write_result(tmp_path, result_rows(
        batch, failed={approved[1].pk})), file_name="hasil.csv")
    follow_up = payment_batch_create(scheme=cash_scheme, by=paser_staff)
    assert list(follow_up.payments.values_list("grant_id", flat=True)) == [approved[1].pk]
    assert follow_up.number == "DN/BST-PSR-2026/002" and follow_up.control_total == 1_000_000


def test_after_a_failed_transfer_staff_correct_the_account_and_the_follow_up_list_pays_it(
    client, tmp_path, cash_scheme, batch, approved, paser_staff
):
    payment_result_import(batch=batch, by=paser_staff, path=write_result(tmp_path, result_rows(
        batch, failed={approved[1].pk})), file_name="hasil.csv")
    client.force_login(paser_staff)
    page = client.get(reverse("grants:grant-detail", args=[approved[1].pk])).content.decode()
    assert 'data-testid="change-account"' in page
    client.post(reverse("grants:grant-account", args=[approved[1].pk]), {
        "bank_name": "BRI", "bank_account_number": "0099-8877-66", "bank_account_name": "Budi Santoso"})
    follow_up = payment_batch_create(scheme=cash_scheme, by=paser_staff)
    payment = follow_up.payments.get()
    assert (payment.bank_name, payment.account_number) == ("BRI", "0099887766")
    assert AuditEvent.objects.get(action="grant.bank_account_change").before["account"] == "0012345678"
    # While it waits for the bank, the account cannot change.
    client.post(reverse("grants:grant-account", args=[approved[1].pk]), {
        "bank_name": "BNI", "bank_account_number": "1", "bank_account_name": "X"})
    assert Grant.objects.get(pk=approved[1].pk).bank_name == "BRI"


def test_the_exported_xlsx_filled_in_by_the_bank_imports_back(tmp_path, batch, approved, paser_staff):
    payments = batch.payments.select_related("grant__person", "grant__village__subdistrict")
    workbook = openpyxl.load_workbook(io.BytesIO(exports.nominatif_xlsx(
        batch=batch, rows=exports.nominatif_rows(payments=payments, full_nik=True))))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2, max_row=4):
        row[10].value, row[12].value = "berhasil", "2026-10-17"
    path = tmp_path / "hasil-bank.xlsx"
    workbook.save(path)
    assert payment_result_import(batch=batch, by=paser_staff, path=path, file_name="hasil-bank.xlsx") == {
        "paid": 3, "failed": 0}


def test_a_mismatched_result_is_refused_whole_listing_every_mismatch_and_changing_nothing(
    tmp_path, batch, approved, paser_staff
):
    rows = result_rows(batch, amounts={batch.payments.get(position=2).reference: 1_100_000})
    rows[0][0] = "BNT999999"  # unknown reference (and so the first payment is missing)
    rows.append(["BNTXYZ", "500000", "berhasil", "", ""])  # another unknown one
    path = write_result(tmp_path, rows, total=9_999_999)
    events = AuditEvent.objects.count()
    with pytest.raises(ResultRefused) as refused:
        payment_result_import(batch=batch, by=paser_staff, path=path, file_name="hasil.csv")
    messages = [(m.line, m.message) for m in refused.value.mismatches]
    first, second = batch.payments.order_by("position")[:2]
    assert (2, "Reference BNT999999 is not in payment list DN/BST-PSR-2026/001.") in messages
    assert (5, "Reference BNTXYZ is not in payment list DN/BST-PSR-2026/001.") in messages
    assert (3, f"Reference {second.reference}: the amount is Rp1.100.000 in the file but Rp1.000.000 in the "
               "list.") in messages
    assert (None, f"Reference {first.reference} of the list is missing from the file.") in messages
    assert (None, "The file has 4 payments; the list has 3.") in messages
    assert (None, "The file's control total is Rp9.999.999; the list's is Rp3.700.000.") in messages
    # Nothing changed.
    batch.refresh_from_db()
    assert batch.status == "open"
    assert set(Payment.objects.filter(batch=batch).values_list("status", flat=True)) == {"pending"}
    assert set(Grant.objects.filter(pk__in=[g.pk for g in approved]).values_list("status", flat=True)) == {"approved"}
    assert AuditEvent.objects.count() == events


def test_a_repeated_reference_a_failure_without_reason_and_an_unknown_status_are_mismatches(
    tmp_path, batch, paser_staff
):
    rows = result_rows(batch)
    rows[1][2:4] = ["gagal", ""]
    rows[2][2] = "entah"
    rows.append(list(rows[0]))
    with pytest.raises(ResultRefused) as refused:
        payment_result_import(batch=batch, by=paser_staff, path=write_result(tmp_path, rows), file_name="hasil.csv")
    text = " | ".join(m.message for m in refused.value.mismatches)
    assert "failed, but the file gives no reason" in text
    assert "the status 'entah' is neither paid (berhasil) nor failed (gagal)" in text
    assert "appears twice (first on line 2)" in text


def test_the_result_page_lists_the_mismatches_and_a_matching_file_reconciles(
    client, tmp_path, batch, approved, paser_staff
):
    client.force_login(paser_staff)
    url = reverse("grants:payment-batch-result", args=[batch.pk])
    bad = write_result(tmp_path, result_rows(batch)[:2], name="kurang.csv")
    with bad.open("rb") as handle:
        response = client.post(url, {"file": handle})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="mismatches"' in page and "is missing from the file" in page and "nothing was changed" in page
    good = write_result(tmp_path, result_rows(batch, failed={approved[2].pk}), name="hasil.csv")
    with good.open("rb") as handle:
        response = client.post(url, {"file": handle}, follow=True)
    assert "Payment list reconciled: 2 paid, 1 failed." in response.content.decode()
    assert PaymentBatch.objects.get(pk=batch.pk).status == "reconciled"


def test_a_reconciled_list_takes_no_second_result(tmp_path, batch, paser_staff):
    path = write_result(tmp_path, result_rows(batch))
    payment_result_import(batch=batch, by=paser_staff, path=path, file_name="hasil.csv")
    with pytest.raises(ResultRefused, match="reconciled"):
        payment_result_import(batch=PaymentBatch.objects.get(pk=batch.pk), by=paser_staff, path=path,
                              file_name="hasil.csv")


@pytest.mark.parametrize("text, amount", [("1500000", 1_500_000), ("1.500.000", 1_500_000),
                                          ("1,500,000", 1_500_000), ("Rp1.500.000", 1_500_000),
                                          ("1500000.00", 1_500_000), ("1.500.000,00", 1_500_000),
                                          ("satu juta", None), ("1.50", None), ("", None)])
def test_amounts_are_read_as_banks_write_them(text, amount):
    assert parse_amount(text) == amount
