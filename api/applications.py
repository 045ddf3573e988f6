"""Applications with their eligibility result and staff decision (§6), read through
verification.selectors exactly as the eligibility pages read them: the user's districts only
(another district's application answers 404), the NIK and No. KK masked unless the user may see
them in full (view_full_nik)."""

import re

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from participants.forms import ApplicantRegisterForm
from participants.models import Education, SchoolStatus
from participants.services import ApplicationDuplicate, RegistrationRefused, applicant_register
from programs.selectors import cycle_get
from verification.forms import ApplicationDecisionForm, ApplicationFilterForm
from verification.selectors import application_get_visible, application_list_visible_to, eligibility_of
from verification.services import application_decide

from .permissions import HasCapability
from .requests import form_errors, json_object, nik_shown, shows_full_nik

# The eligibility pages' capability.
VERIFY = "accounts.verify_eligibility"
_DISTRICT = re.compile(r"^\d{2}\.\d{2}$")


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField(
        help_text="The number the applicant was given (10 characters, e.g. K7MQ9XP4RT): with their birth date "
                  "it opens their status on the public status page (/p/status/).")
    nik = serializers.SerializerMethodField(help_text="Masked (320101********90) without view_full_nik.")
    no_kk = serializers.SerializerMethodField(help_text="Masked like the NIK without view_full_nik.")
    name = serializers.CharField(source="person.name")
    district = serializers.CharField(source="regency_id", help_text="Kabupaten/kota code, e.g. 64.01.")
    village_code = serializers.CharField(help_text="Desa/kelurahan code of the KTP address.")
    cycle = serializers.CharField(source="cycle.code", help_text="The program cycle's code.")
    education = serializers.CharField()
    school_status = serializers.CharField()
    source = serializers.CharField(help_text="form (registered on the page or the API) or import.")
    registered_at = serializers.DateTimeField(source="created_at")
    # A never-evaluated application has no result row: these read null (the lists, empty).
    status = serializers.CharField(source="eligibility.status", allow_null=True,
                                   help_text="ELIGIBLE, INELIGIBLE, REVIEW; null: never evaluated.")
    reasons = serializers.SerializerMethodField(help_text="§6 reason codes, e.g. AGE_ABOVE_MAX.")
    flags = serializers.SerializerMethodField(help_text="§6 flag codes, e.g. DTKS_NOT_LOADED.")
    evaluated_at = serializers.DateTimeField(source="eligibility.evaluated_at", allow_null=True)
    decision = serializers.CharField(source="eligibility.decision", allow_null=True,
                                     help_text="APPROVED, REJECTED; null: not decided by staff.")
    decision_note = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(source="eligibility.decided_at", allow_null=True)
    needs_recheck = serializers.SerializerMethodField(
        help_text="A run changed the automatic result after the staff decision: worth another look."
    )

    def get_nik(self, application) -> str:
        return nik_shown(self.context, application.person.nik)

    def get_no_kk(self, application) -> str:
        return nik_shown(self.context, application.person.no_kk)

    def get_reasons(self, application) -> list[str]:
        result = eligibility_of(application)
        return list(result.reasons) if result else []

    def get_flags(self, application) -> list[str]:
        result = eligibility_of(application)
        return list(result.flags) if result else []

    def get_decision_note(self, application) -> str:
        result = eligibility_of(application)
        return result.decision_note if result else ""

    def get_needs_recheck(self, application) -> bool:
        result = eligibility_of(application)
        return bool(result and result.needs_recheck)


def _filters(request) -> tuple[object, dict]:
    params = request.query_params
    errors = {}
    cycle = None
    if params.get("cycle"):
        try:
            cycle = cycle_get(code=params["cycle"])
        except Http404:
            errors["cycle"] = [_("There is no program cycle %(code)s.") % {"code": params["cycle"][:50]}]
    district = params.get("district", "").strip()
    if district and not _DISTRICT.match(district):
        errors["district"] = [_("Enter a kabupaten/kota code such as 64.01.")]
    form = ApplicationFilterForm(params)
    if not form.is_valid():
        errors.update({field: list(messages) for field, messages in form.errors.items()})
    if errors:
        raise ValidationError(errors)
    return cycle, {**form.cleaned_data, "district": district}


_FILTER_PARAMETERS = [
    OpenApiParameter("cycle", OpenApiTypes.STR, description="Program cycle code, e.g. PSK-2026."),
    OpenApiParameter("district", OpenApiTypes.STR, description="Kabupaten/kota code, e.g. 64.01."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=["ELIGIBLE", "INELIGIBLE", "REVIEW", "none"],
                     description="Automatic status; none: never evaluated."),
    OpenApiParameter("decision", OpenApiTypes.STR, enum=["APPROVED", "REJECTED", "none"],
                     description="Staff decision; none: not decided."),
    OpenApiParameter("needs_recheck", OpenApiTypes.BOOL),
    OpenApiParameter("reason", OpenApiTypes.STR, description="A §6 reason code."),
    OpenApiParameter("flag", OpenApiTypes.STR, description="A §6 flag code."),
    OpenApiParameter("kecamatan", OpenApiTypes.STR, description="e.g. 64.01.01"),
    OpenApiParameter("desa", OpenApiTypes.STR, description="e.g. 64.01.01.2001"),
    OpenApiParameter("q", OpenApiTypes.STR, description="A name (part of it) or a whole NIK."),
]


class _ApplicationView:
    permission_classes = [HasCapability]
    capabilities = (VERIFY,)
    serializer_class = ApplicationSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "show_full_nik": shows_full_nik(self.request)}


@extend_schema(summary="Applications with their eligibility and decision", tags=["applications"],
               parameters=_FILTER_PARAMETERS)
class ApplicationList(_ApplicationView, generics.ListAPIView):
    def get_queryset(self):
        cycle, filters = _filters(self.request)
        # In the order they came in, so that pages stay put while new applications arrive.
        return application_list_visible_to(user=self.request.user, cycle=cycle, filters=filters).order_by("id")


@extend_schema(summary="One application", tags=["applications"])
class ApplicationDetail(_ApplicationView, generics.RetrieveAPIView):
    def get_object(self):
        return application_get_visible(user=self.request.user, application_id=self.kwargs["application_id"])


# --- writes: the registration form's and the decision form's services --------------------------


class ApplicantRegisterRequest(serializers.Serializer):
    """What the registration form asks, checked by that same form (participants.forms)."""

    nik = serializers.CharField(help_text="16 digits (spaces, dots and dashes are ignored).")
    no_kk = serializers.CharField(help_text="No. KK, 16 digits.")
    name = serializers.CharField(help_text="The name as on the KTP.")
    birth_date = serializers.CharField(help_text="YYYY-MM-DD or DD-MM-YYYY.")
    sex = serializers.ChoiceField(choices=["L", "P"])
    village = serializers.CharField(help_text="Desa/kelurahan code of the KTP address, e.g. 64.01.01.2001.")
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    education = serializers.ChoiceField(choices=[c for c, _label in Education.choices])
    school_status = serializers.ChoiceField(choices=[c for c, _label in SchoolStatus.choices])
    cycle = serializers.CharField(help_text="The program cycle's code, e.g. PSK-2026.")
    late_reason = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Only for a user with register_late, when registration for the cycle has closed.",
    )


def _register_form_data(body: dict) -> dict:
    """The API's fields as the registration form's POST: the desa code fills the picker's three
    parts (kabupaten, kecamatan, desa), as the page's picker does."""
    data = {key: value for key, value in body.items() if key != "village"}
    village = str(body.get("village") or "").strip()
    parts = village.split(".")
    if len(parts) == 4:
        data.update(village_0=".".join(parts[:2]), village_1=".".join(parts[:3]), village_2=village)
    elif village:
        data.update(village_0="-", village_1="-", village_2=village)
    return data


@extend_schema(summary="Applications with their eligibility and decision", tags=["applications"],
               parameters=_FILTER_PARAMETERS, methods=["GET"])
@extend_schema(summary="Register an applicant (as the registration form does)", tags=["applications"],
               request=ApplicantRegisterRequest, responses={201: ApplicationSerializer}, methods=["POST"])
class ApplicationListRegister(ApplicationList):
    # Reading needs the eligibility pages' capability; registering, the registration form's.
    capabilities = {"GET": (VERIFY,), "POST": ("accounts.register_applicants",)}

    def post(self, request):
        form = ApplicantRegisterForm(_register_form_data(json_object(request)), user=request.user)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        try:
            application = applicant_register(by=request.user, **form.cleaned_data)
        except ApplicationDuplicate as exc:
            raise ValidationError({"cycle": [str(exc.message)]}) from None
        except RegistrationRefused as exc:
            field = exc.field if exc.field in form.fields else "non_field_errors"
            raise ValidationError({field: [str(exc.message)]}) from None
        # Read back as any application is, with the user's scoping and masking.
        application = application_get_visible(user=request.user, application_id=application.pk)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED,
                        headers={"Location": reverse("api:application-detail", args=[application.pk])})


class DecisionRequest(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["APPROVED", "REJECTED"])
    note = serializers.CharField(max_length=2000, help_text="Why; required, as on the page.")


_FORM_DECISIONS = {"APPROVED": "approve", "REJECTED": "reject"}


@extend_schema(summary="Decide an application (approve or reject, with a note)", tags=["applications"],
               request=DecisionRequest, responses={200: ApplicationSerializer})
class ApplicationDecide(_ApplicationView, generics.GenericAPIView):
    def post(self, request, application_id):
        application = application_get_visible(user=request.user, application_id=application_id)
        body = json_object(request)
        decision = body.get("decision")
        form = ApplicationDecisionForm({"decision": _FORM_DECISIONS.get(decision, decision), "note": body.get("note")})
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        application_decide(application=application, by=request.user, approve=form.approve,
                           note=form.cleaned_data["note"])
        application = application_get_visible(user=request.user, application_id=application.pk)
        return Response(self.get_serializer(application).data)
