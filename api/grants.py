"""Post-training grants and their monitoring visits, read through the grants pages' selectors:
the user's districts only (another district's grant or visit answers 404), for whoever may open
the grants pages (manage_grants or approve_grants); the recipient's NIK masked unless the user
may see it in full (view_full_nik). The API does not change grants."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError

from grants import access, rules
from grants.models import Grant
from grants.monitoring.selectors import STATES, visit_get_visible, visit_list_visible_to
from grants.proposals.selectors import grant_get_visible, grant_list_visible_to
from grants.schemes.selectors import scheme_get_visible

from .permissions import HasCapability
from .requests import nik_shown, shows_full_nik


class _GrantsView:
    permission_classes = [HasCapability]
    capabilities = (access.MANAGE, access.APPROVE)

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "show_full_nik": shows_full_nik(self.request),
                "today": timezone.localdate()}


class RecipientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    nik = serializers.SerializerMethodField(help_text="Masked (640101********01) without view_full_nik.")

    def get_nik(self, person) -> str:
        return nik_shown(self.context, person.nik)


class SchemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="cash, equipment or kur.")


class GrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme = SchemeSerializer()
    status = serializers.ChoiceField(choices=Grant.Status.values)
    amount = serializers.IntegerField(help_text="Whole rupiah.")
    district = serializers.CharField(source="regency_id", help_text="Kabupaten/kota code, e.g. 64.01.")
    village_code = serializers.CharField(source="village_id", help_text="Desa/kelurahan of the business.")
    person = RecipientSerializer()
    enrolment = serializers.IntegerField(source="enrolment_id", help_text="The training record it follows.")
    business_type = serializers.CharField()
    business_name = serializers.CharField()
    created_at = serializers.DateTimeField()
    delivered_on = serializers.DateField(allow_null=True, help_text="Handed over or disbursed on.")


def _scheme(request):
    value = request.query_params.get("scheme", "").strip()
    if not value:
        return None
    try:
        if not (value.isascii() and value.isdigit()):
            raise Http404
        return scheme_get_visible(user=request.user, pk=int(value))
    except Http404:
        raise ValidationError({"scheme": [_("There is no grant scheme %(id)s in your districts.")
                                          % {"id": value[:20]}]}) from None


@extend_schema(summary="Grants and proposals of the user's districts", tags=["grants"], parameters=[
    OpenApiParameter("scheme", OpenApiTypes.INT, description="A grant scheme's id."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Grant.Status.values),
    OpenApiParameter("q", OpenApiTypes.STR, description="A name (part of it) or the start of a NIK."),
])
class GrantList(_GrantsView, generics.ListAPIView):
    serializer_class = GrantSerializer

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("status", "")
        if state and state not in Grant.Status.values:
            raise ValidationError({"status": [_("Choose one of: %(choices)s.")
                                              % {"choices": ", ".join(Grant.Status.values)}]})
        scheme = _scheme(self.request)
        return grant_list_visible_to(user=self.request.user, scheme=scheme, status=state,
                                     search=params.get("q", "")).select_related("scheme")


@extend_schema(summary="One grant", tags=["grants"])
class GrantDetail(_GrantsView, generics.RetrieveAPIView):
    serializer_class = GrantSerializer

    def get_object(self):
        return grant_get_visible(user=self.request.user, pk=self.kwargs["grant_id"])


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    grant = serializers.IntegerField(source="grant_id")
    scheme = serializers.CharField(source="grant.scheme.code")
    district = serializers.CharField(source="regency_id")
    person = RecipientSerializer(source="grant.person")
    months_after = serializers.IntegerField(help_text="Months after the handover or disbursement.")
    due_on = serializers.DateField()
    state = serializers.SerializerMethodField(help_text="done, overdue, due (within a week) or upcoming.")
    status = serializers.CharField(help_text="scheduled or done.")
    visited_on = serializers.DateField(allow_null=True)
    business_status = serializers.CharField(help_text="active, growing, stopped, moved; empty before the visit.")
    monthly_revenue = serializers.IntegerField(allow_null=True, help_text="Whole rupiah.")
    employees = serializers.IntegerField(allow_null=True)
    officer = serializers.CharField(source="officer.username", allow_null=True, default=None)

    def get_state(self, visit) -> str:
        return rules.visit_state(due_on=visit.due_on, done=visit.status == "done", today=self.context["today"])


@extend_schema(summary="Monitoring visits of the user's districts", tags=["grants"], parameters=[
    OpenApiParameter("state", OpenApiTypes.STR, enum=list(STATES),
                     description="overdue, due (within a week), scheduled (not done), done, all (default)."),
    OpenApiParameter("scheme", OpenApiTypes.INT, description="A grant scheme's id."),
    OpenApiParameter("officer", OpenApiTypes.STR, description="A user id, or none: nobody assigned."),
    OpenApiParameter("kecamatan", OpenApiTypes.STR, description="The business's kecamatan, e.g. 64.01.01."),
])
class VisitList(_GrantsView, generics.ListAPIView):
    serializer_class = VisitSerializer

    def get_queryset(self):
        params = self.request.query_params
        state = params.get("state", "all")
        if state not in STATES:
            raise ValidationError({"state": [_("Choose one of: %(choices)s.") % {"choices": ", ".join(STATES)}]})
        return visit_list_visible_to(user=self.request.user, today=timezone.localdate(), state=state,
                                     officer=params.get("officer", ""), subdistrict=params.get("kecamatan", ""),
                                     scheme=_scheme(self.request))


@extend_schema(summary="One monitoring visit", tags=["grants"])
class VisitDetail(_GrantsView, generics.RetrieveAPIView):
    serializer_class = VisitSerializer

    def get_object(self):
        return visit_get_visible(user=self.request.user, pk=self.kwargs["visit_id"])
