"""Payment-list pages: make a list from a cash scheme, its page, its XLSX and CSV files, the
bank's result upload (with every mismatch listed when it is refused) and cancelling."""

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import get_visible_or_404
from core.errors import PortalError
from core.uploads import import_upload_store
from grants import access
from grants.forms import ReasonForm, ResultFileForm
from grants.models import Payment, PaymentBatch
from grants.payments import exports, services
from grants.schemes.selectors import scheme_get_visible


def _batch_visible(user, pk) -> PaymentBatch:
    return get_visible_or_404(PaymentBatch.objects.select_related("scheme__regency", "created_by", "reconciled_by"),
                              user=user, pk=pk)


def _payments(batch):
    return Payment.objects.filter(batch=batch).select_related(
        "grant__person", "grant__village__subdistrict").order_by("position")


@require_POST
@access.manage_required
def batch_create(request, pk):
    scheme = scheme_get_visible(user=request.user, pk=pk)
    try:
        batch = services.payment_batch_create(scheme=scheme, by=request.user)
    except PortalError as exc:
        messages.error(request, exc.message)
        return redirect("grants:scheme-detail", pk=scheme.pk)
    messages.success(request, _("Payment list %(number)s made: %(count)s payments. Download it for the bank.")
                     % {"number": batch.number, "count": batch.control_count})
    return redirect("grants:payment-batch", pk=batch.pk)


def _batch_page(request, batch, *, form=None, refusal=None, status=200):
    return render(request, "grants/payment_batch.html", {
        "batch": batch, "scheme": batch.scheme, "payments": _payments(batch), "form": form or ResultFileForm(),
        "reason_form": ReasonForm(), "refusal": refusal, "can_manage": request.user.has_perm(access.MANAGE),
    }, status=status)


@access.view_required
def batch_detail(request, pk):
    return _batch_page(request, _batch_visible(request.user, pk))


@require_GET
@access.manage_required
def batch_file(request, pk, kind):
    batch = _batch_visible(request.user, pk)
    rows = exports.nominatif_rows(payments=_payments(batch), full_nik=request.user.has_perm("accounts.view_full_nik"))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", batch.number).strip("-").lower()
    if kind == "xlsx":
        content = exports.nominatif_xlsx(batch=batch, rows=rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.nominatif_csv(batch=batch, rows=rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="daftar-nominatif-{slug}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@access.manage_required
def batch_result(request, pk):
    batch = _batch_visible(request.user, pk)
    form = ResultFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _batch_page(request, batch, form=form, status=400)
    upload = form.cleaned_data["file"]
    path = import_upload_store(upload=upload, prefix="bank-result")
    try:
        result = services.payment_result_import(batch=batch, by=request.user, path=path, file_name=upload.name)
    except services.ResultRefused as exc:
        return _batch_page(request, batch, refusal=exc, status=400)
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, _("Payment list reconciled: %(paid)s paid, %(failed)s failed.") % result)
    return redirect("grants:payment-batch", pk=batch.pk)


@require_POST
@access.manage_required
def batch_cancel(request, pk):
    batch = _batch_visible(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
    else:
        try:
            services.payment_batch_cancel(batch=batch, by=request.user, reason=form.cleaned_data["reason"])
        except PortalError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Payment list cancelled; its grants can go into another list."))
    return redirect("grants:payment-batch", pk=batch.pk)
