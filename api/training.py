"""Batches, enrolments, attendance and results (§10's training records), read and written
through the training pages' selectors, forms and services: a BLK admin sees only their
provider's batches, a district user the batches of providers in their districts (another batch
answers 404); NIKs are masked without view_full_nik; attendance and results are saved by the
same services as the attendance and results pages, so the same rows and audit entries result.
The §10 training results batch runs the file import's row checks on the JSON rows."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.selectors import first_or_404, regency_codes_visible_to
from core.errors import PortalError
from training.courses.forms import BatchFilterForm
from training.courses.selectors import batch_get_visible_or_404, batch_list_visible_to, provider_queryset_visible_to
from training.enrolment.selectors import enrolment_get_manageable_or_404, enrolment_list_visible_to
from training.models import Enrolment
from training.records import selectors as records
from training.records.forms import EnrolmentResultForm, SessionAttendanceForm
from training.records.results_import import COLUMNS as RESULT_COLUMNS
from training.records.services import ResultsRefused, attendance_record, results_save, training_results_import
from training.records.views import EDIT_PERMISSION, VIEW_PERMISSIONS

from .exceptions import error_response
from .permissions import HasCapability
from .requests import form_errors, json_object, nik_shown, shows_full_nik

# The file name the imported trainings and the audit entry record for rows sent to the API.
RESULTS_SOURCE = "api"


class _TrainingView:
    permission_classes = [HasCapability]
    # Who opens the training pages: BLK admins record, whoever reads the dashboards looks.
    capabilities = {"GET": VIEW_PERMISSIONS, "POST": (EDIT_PERMISSION,)}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_full_nik": shows_full_nik(self.request)}


# --- batches ---------------------------------------------------------------------------------


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PackageSerializer(NamedSerializer):
    code = serializers.CharField()
    vocation = serializers.CharField()
    competency_based = serializers.BooleanField(help_text="SKKNI: ends with a BNSP certificate.")


class BatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cycle = serializers.CharField(source="cycle.code", help_text="The program cycle's code.")
    provider = NamedSerializer()
    district = serializers.CharField(source="provider.regency_id", help_text="The provider's kabupaten/kota.")
    package = PackageSerializer()
    workshop = serializers.CharField(source="workshop.name")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    seats = serializers.IntegerField(source="capacity")
    enrolled = serializers.IntegerField(source="seats_used",
                                        help_text="Seat-holding enrolments: enrolled, completed, dropped out.")


_BATCH_PARAMETERS = [
    OpenApiParameter("cycle", OpenApiTypes.INT, description="A program cycle's id."),
    OpenApiParameter("provider", OpenApiTypes.INT, description="A provider's id."),
    OpenApiParameter("package", OpenApiTypes.INT, description="A training package's id."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Running on or after this day."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Running on or before this day."),
]


def _batch_filters(request) -> dict:
    form = BatchFilterForm(request.query_params or None,
                           providers=provider_queryset_visible_to(user=request.user))
    if form.is_bound and not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.filters() if form.is_bound else {}


@extend_schema(summary="Training batches with their seats and enrolled count", tags=["training"],
               parameters=_BATCH_PARAMETERS)
class BatchList(_TrainingView, generics.ListAPIView):
    serializer_class = BatchSerializer

    def get_queryset(self):
        return batch_list_visible_to(user=self.request.user, **_batch_filters(self.request))


@extend_schema(summary="One training batch", tags=["training"])
class BatchDetail(_TrainingView, generics.RetrieveAPIView):
    serializer_class = BatchSerializer

    def get_object(self):
        return first_or_404(batch_list_visible_to(user=self.request.user), pk=self.kwargs["batch_id"])


# --- enrolments, with their results and certificates ------------------------------------------


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    nik = serializers.SerializerMethodField(help_text="Masked (640101********01) without view_full_nik.")

    def get_nik(self, person) -> str:
        return nik_shown(self.context, person.nik)


class EnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    batch = serializers.IntegerField(source="batch_id")
    cycle = serializers.CharField(source="cycle.code")
    district = serializers.CharField(source="regency_id", help_text="The participant's kabupaten/kota.")
    application = serializers.IntegerField(source="application_id")
    person = PersonSerializer(source="application.person")
    status = serializers.ChoiceField(choices=Enrolment.Status.values)
    enrolled_at = serializers.DateTimeField()
    completed_on = serializers.DateField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True, help_text="When a withdrawal or a drop-out was entered.")
    end_reason = serializers.CharField()
    assessment = serializers.CharField(help_text="kompeten, belum_kompeten, or empty: not assessed.")
    assessed_on = serializers.DateField(allow_null=True)
    certificate_number = serializers.CharField(help_text="Empty: no certificate.")
    certificate_issuer = serializers.CharField()
    certificate_expires_on = serializers.DateField(allow_null=True)


def _flag(request, name: str) -> bool | None:
    value = request.query_params.get(name, "").strip().lower()
    if not value:
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ValidationError({name: [_("Enter true or false.")]})


def _enrolment_filters(request) -> dict:
    params = request.query_params
    errors = {}
    batch_id = None
    if params.get("batch"):
        if params["batch"].isascii() and params["batch"].isdigit():
            batch_id = int(params["batch"])
        else:
            errors["batch"] = [_("Enter a whole number.")]
    state = params.get("status", "")
    if state and state not in Enrolment.Status.values:
        errors["status"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Enrolment.Status.values)}]
    try:
        certified = _flag(request, "certified")
    except ValidationError as exc:
        errors.update(exc.detail)
    if errors:
        raise ValidationError(errors)
    return {"batch_id": batch_id, "status": state, "certified": certified}


@extend_schema(summary="Enrolments (all visible, or of a batch) with their results and certificates",
               tags=["training"], parameters=[
                   OpenApiParameter("batch", OpenApiTypes.INT, description="A batch's id."),
                   OpenApiParameter("status", OpenApiTypes.STR, enum=Enrolment.Status.values),
                   OpenApiParameter("certified", OpenApiTypes.BOOL, description="Holds a certificate number."),
               ])
class EnrolmentList(_TrainingView, generics.ListAPIView):
    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        return enrolment_list_visible_to(user=self.request.user, **_enrolment_filters(self.request))


@extend_schema(summary="One enrolment with its result and certificate", tags=["training"])
class EnrolmentDetail(_TrainingView, generics.RetrieveAPIView):
    serializer_class = EnrolmentSerializer

    def get_object(self):
        return enrolment_get_manageable_or_404(user=self.request.user, pk=self.kwargs["enrolment_id"])


class ResultRequest(serializers.Serializer):
    """The results page's row of one participant; a field left out keeps its current value."""

    outcome = serializers.ChoiceField(choices=["enrolled", "completed", "dropped_out"], required=False)
    completed_on = serializers.DateField(required=False, allow_null=True,
                                         help_text="Empty with outcome completed: the batch's last day.")
    end_reason = serializers.CharField(required=False, allow_blank=True, help_text="Required to drop out.")
    assessment = serializers.ChoiceField(choices=["", *Enrolment.Assessment.values], required=False)
    assessed_on = serializers.DateField(required=False, allow_null=True)
    certificate_number = serializers.CharField(required=False, allow_blank=True,
                                               help_text="Empty removes the certificate.")
    certificate_issuer = serializers.CharField(required=False, allow_blank=True,
                                               help_text="Default: BNSP (competency-based) or the provider.")
    certificate_expires_on = serializers.DateField(required=False, allow_null=True)


_RESULT_FIELDS = tuple(ResultRequest().fields)


def _result_form_data(enrolment: Enrolment, body: dict) -> dict:
    """The enrolment's current row as the results page shows it, with the fields sent replacing
    their values (a JSON null reads as empty, as a cleared field on the page)."""
    current = EnrolmentResultForm(enrolment=enrolment, prefix=None).initial
    data = {}
    for field in _RESULT_FIELDS:
        value = body[field] if field in body else current.get(field)
        data[field] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
    return data


@extend_schema(summary="Record an enrolment's result: outcome, assessment, certificate (as the results page)",
               tags=["training"], request=ResultRequest, responses={200: EnrolmentSerializer})
class EnrolmentResult(_TrainingView, generics.GenericAPIView):
    serializer_class = EnrolmentSerializer
    capabilities = (EDIT_PERMISSION,)

    def post(self, request, enrolment_id):
        body = json_object(request)
        enrolment = enrolment_get_manageable_or_404(user=request.user, pk=enrolment_id)
        unknown = sorted(set(body) - set(_RESULT_FIELDS))
        if unknown:
            raise ValidationError({field: [_("This field is not known.")] for field in unknown})
        form = EnrolmentResultForm(_result_form_data(enrolment, body), enrolment=enrolment, prefix=None)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        try:
            results_save(batch=enrolment.batch, entries=[form.entry()], by=request.user)
        except ResultsRefused as exc:
            raise PortalError(exc.errors.get(enrolment.pk, exc.message)) from None
        enrolment = enrolment_get_manageable_or_404(user=request.user, pk=enrolment.pk)
        return Response(self.get_serializer(enrolment).data)


# --- attendance -------------------------------------------------------------------------------


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    held = serializers.BooleanField(help_text="Attendance was taken for at least one participant.")


class MarkSerializer(serializers.Serializer):
    session = serializers.IntegerField()
    status = serializers.CharField(allow_null=True, help_text="hadir, izin, sakit, alpa; null: not recorded.")


class AttendanceRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(source="enrolment.pk")
    person = PersonSerializer(source="enrolment.application.person")
    status = serializers.CharField(source="enrolment.status")
    marks = serializers.SerializerMethodField()
    present = serializers.IntegerField()
    rate = serializers.IntegerField(allow_null=True, help_text="Whole percent present of the sessions held.")

    @extend_schema_field(MarkSerializer(many=True))
    def get_marks(self, row):
        return [{"session": session.pk, "status": cell}
                for session, cell in zip(self.context["sessions"], row.cells, strict=True)]


class AttendanceSerializer(serializers.Serializer):
    batch = serializers.IntegerField()
    sessions = SessionSerializer(many=True)
    participants = AttendanceRowSerializer(many=True)


def _batch_for(request, batch_id: int):
    """As the attendance and results pages: 403 without the capability (checked by
    HasCapability), 404 outside the user's providers or districts."""
    return batch_get_visible_or_404(user=request.user, pk=batch_id)


def _attendance(request, batch) -> dict:
    matrix = records.batch_attendance_matrix(batch=batch)
    context = {"show_full_nik": shows_full_nik(request), "sessions": matrix.sessions}
    sessions = [{"id": s.pk, "starts_at": s.starts_at, "ends_at": s.ends_at, "held": s.pk in matrix.held_session_ids}
                for s in matrix.sessions]
    return AttendanceSerializer({"batch": batch.pk, "sessions": sessions, "participants": matrix.rows},
                                context=context).data


@extend_schema(summary="A batch's attendance: every participant's mark in every session", tags=["training"],
               responses={200: AttendanceSerializer})
class BatchAttendance(_TrainingView, generics.GenericAPIView):
    serializer_class = AttendanceSerializer

    def get(self, request, batch_id):
        return Response(_attendance(request, _batch_for(request, batch_id)))


class AttendanceMarkRequest(serializers.Serializer):
    enrolment = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["hadir", "izin", "sakit", "alpa"])


class AttendanceRequest(serializers.Serializer):
    marks = AttendanceMarkRequest(many=True, help_text="One mark for every participant of the batch, as on the page.")


def _marks_form_data(body: dict, roster) -> dict:
    marks = body.get("marks")
    if not isinstance(marks, list) or not all(isinstance(mark, dict) for mark in marks):
        raise ValidationError({"marks": [_("Send the marks as a list of objects with enrolment and status.")]})
    on_roster = {enrolment.pk for enrolment in roster}
    strangers = [mark.get("enrolment") for mark in marks if mark.get("enrolment") not in on_roster]
    if strangers:
        raise ValidationError({"marks": [
            _("Attendance can only be recorded for the participants of this batch.")
            + " " + ", ".join(str(stranger)[:20] for stranger in strangers[:10])
        ]})
    return {f"m{mark['enrolment']}": mark.get("status") for mark in marks}


@extend_schema(summary="Record a session's attendance (as the attendance page)", tags=["training"],
               request=AttendanceRequest, responses={200: AttendanceSerializer})
class SessionAttendance(_TrainingView, generics.GenericAPIView):
    serializer_class = AttendanceSerializer
    capabilities = (EDIT_PERMISSION,)

    def post(self, request, batch_id, session_id):
        body = json_object(request)
        batch = _batch_for(request, batch_id)
        session = first_or_404(batch.sessions.all(), pk=session_id)
        roster = list(records.batch_record_roster(batch=batch))
        form = SessionAttendanceForm(_marks_form_data(body, roster), roster=roster, initial_marks={})
        if not form.is_valid():
            # The page's fields are m<enrolment id>; the API names the enrolment.
            raise ValidationError({f"marks.{field[1:]}": [str(m) for m in messages]
                                   for field, messages in form.errors.items()})
        attendance_record(session=session, marks=form.marks(), by=request.user)
        return Response(_attendance(request, batch))


# --- §10 training results, as JSON ------------------------------------------------------------


# The file's columns (§10) as the fields of one JSON row.
ResultRowSerializer = type("TrainingResultRowSerializer", (serializers.Serializer,), {
    column: serializers.CharField(required=column not in ("kompeten", "no_sertifikat"), allow_blank=True)
    for column in RESULT_COLUMNS
})


class TrainingResultsBatchSerializer(serializers.Serializer):
    rows = ResultRowSerializer(many=True, help_text="Or send the array itself as the body.")


class ProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The row's index in the array + 1.")
    column = serializers.CharField()
    message = serializers.CharField()


class ResultsReportSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    rejected = serializers.IntegerField()
    districts = serializers.ListField(child=serializers.CharField())
    errors = ProblemSerializer(many=True)
    warnings = ProblemSerializer(many=True)


def _cell(value) -> str:
    # A JSON number (a NIK sent unquoted) reads as its digits; null as an empty cell.
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


def _result_rows(body) -> list[tuple[int, tuple[str, ...]]]:
    rows = body.get("rows") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        raise ValidationError({"rows": [_("Send the rows as a JSON array of objects.")]})
    not_objects = [index + 1 for index, row in enumerate(rows) if not isinstance(row, dict)]
    if not_objects:
        raise ValidationError({"rows": [_("Lines %(lines)s are not JSON objects.")
                                        % {"lines": ", ".join(map(str, not_objects[:20]))}]})
    return [(index + 1, tuple(_cell(row.get(column)) for column in RESULT_COLUMNS)) for index, row in enumerate(rows)]


@extend_schema(
    summary="Import a §10 training results batch (rows as the file's columns)", tags=["training"],
    request=TrainingResultsBatchSerializer,
    responses={200: ResultsReportSerializer},
)
class TrainingResultsImport(generics.GenericAPIView):
    permission_classes = [HasCapability]
    capabilities = ("accounts.import_training_results",)
    serializer_class = ResultsReportSerializer

    def post(self, request):
        if isinstance(request.data, list):
            rows = request.data
        else:
            rows = json_object(request).get("rows")
        limit = settings.API_TRAINING_RESULTS_MAX_ROWS
        if isinstance(rows, list) and len(rows) > limit:
            return error_response(
                "too_many_rows",
                _("At most %(limit)s rows can be sent at once; send more in several requests, or upload a file.")
                % {"limit": limit},
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        table = _result_rows({"rows": rows})
        codes = regency_codes_visible_to(user=request.user)
        report = training_results_import(
            path=None, rows=table, file_name=RESULTS_SOURCE, by=request.user,
            regency_codes=set(codes) if codes is not None else None,
        )
        return Response(report.as_dict())
