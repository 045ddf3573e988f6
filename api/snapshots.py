"""DTKS snapshots (§3): what was imported, when, covering which districts, and which district
each is the active snapshot of. Only the metadata, never the registry's rows."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from verification.selectors import snapshot_active_by_regency, snapshot_list_visible_to

from .permissions import HasCapability


class SnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    snapshot_date = serializers.DateField(help_text="The date of the extract.")
    file_name = serializers.CharField()
    status = serializers.CharField(help_text="importing, completed or failed.")
    coverage = serializers.ListField(child=serializers.CharField(), help_text="Kabupaten/kota codes covered.")
    active_for = serializers.SerializerMethodField(
        help_text="The user's districts whose active snapshot (the newest covering them) this is."
    )
    imported_rows = serializers.IntegerField()
    rejected_rows = serializers.IntegerField()
    warning_rows = serializers.IntegerField()
    imported_by = serializers.CharField(source="imported_by.username", allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_active_for(self, snapshot) -> list[str]:
        return self.context["active_for"].get(snapshot.pk, [])


@extend_schema(summary="DTKS snapshots (metadata only)", tags=["DTKS"])
class SnapshotList(generics.ListAPIView):
    permission_classes = [HasCapability]
    # The DTKS snapshot pages' capability.
    capabilities = ("accounts.import_dtks",)
    serializer_class = SnapshotSerializer

    def get_queryset(self):
        return snapshot_list_visible_to(user=self.request.user)

    def get_serializer_context(self):
        active_for: dict[int, list[str]] = {}
        for code, snapshot in snapshot_active_by_regency(user=self.request.user).items():
            active_for.setdefault(snapshot.pk, []).append(code)
        return {**super().get_serializer_context(), "active_for": active_for}
