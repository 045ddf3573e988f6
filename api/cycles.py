"""Program cycles with their rules and quotas (§2), read through programs.selectors as the
Programs pages read them: every cycle is listed to whoever works with cycles (they are no
personal data); the API does not change them."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from programs.selectors import cycle_get, cycle_list

from .permissions import HasCapability

# Those who work with cycles on the pages: the Programs pages, the eligibility pages and the
# registration form.
CYCLE_READERS = ("accounts.manage_programs", "accounts.verify_eligibility", "accounts.register_applicants")


class QuotaSerializer(serializers.Serializer):
    district = serializers.CharField(source="regency_id", help_text="Kabupaten/kota code, e.g. 64.01.")
    initial_quota = serializers.IntegerField()
    reallocated_quota = serializers.IntegerField(allow_null=True, help_text="After a §8 reallocation; null: none.")
    quota = serializers.IntegerField(source="current_quota", help_text="The seats now: reallocated, else initial.")


class RulesSerializer(serializers.Serializer):
    """§2's rules object; null: no such rule."""

    min_age = serializers.IntegerField(allow_null=True)
    max_age = serializers.IntegerField(allow_null=True)
    age_reference_date = serializers.DateField(allow_null=True)
    school_status = serializers.ListField(child=serializers.CharField(), allow_null=True)
    min_education = serializers.CharField(allow_null=True)
    require_dtks = serializers.BooleanField()
    max_desil = serializers.IntegerField(allow_null=True)
    regions = serializers.ListField(child=serializers.CharField(), allow_null=True)


class CycleSerializer(serializers.Serializer):
    code = serializers.CharField()
    program = serializers.CharField(source="program.name")
    year = serializers.IntegerField()
    registration_opens = serializers.DateField(allow_null=True)
    registration_closes = serializers.DateField()
    rules = RulesSerializer()
    rules_version = serializers.IntegerField()
    quotas = QuotaSerializer(many=True, source="quotas.all")


@extend_schema(summary="Program cycles with their rules and quotas", tags=["program cycles"])
class CycleList(generics.ListAPIView):
    permission_classes = [HasCapability]
    capabilities = CYCLE_READERS
    serializer_class = CycleSerializer

    def get_queryset(self):
        return cycle_list()


@extend_schema(summary="One program cycle", tags=["program cycles"])
class CycleDetail(generics.RetrieveAPIView):
    permission_classes = [HasCapability]
    capabilities = CYCLE_READERS
    serializer_class = CycleSerializer

    def get_object(self):
        return cycle_get(code=self.kwargs["code"])
