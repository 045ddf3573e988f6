"""The officials' indicators of a year (§12), from dashboards.indicators, the module
`report_indicators` and the dashboard pages read: the same figures, the same JSON object as
`report_indicators --json`, for the user's districts."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.dates import FIRST_YEAR, LAST_YEAR
from dashboards.access import VIEW
from dashboards.indicators import indicators_visible_to

from .permissions import HasCapability

_YEAR = re.compile(r"^\d{4}$")
_DISTRICT = re.compile(r"^\d{2}\.\d{2}$")


def _year(raw: str) -> int:
    if not _YEAR.match(raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise ValidationError({"year": [_("Give the year with four digits, like 2026.")]})
    return int(raw)


@extend_schema(
    summary="The §12 indicators of a year per kabupaten/kota and their total", tags=["indicators"],
    parameters=[
        OpenApiParameter("year", OpenApiTypes.INT, required=True, description="YYYY"),
        OpenApiParameter("district", OpenApiTypes.STR, many=True,
                         description="Kabupaten/kota code, e.g. 64.01; repeatable. Default: all of the user's."),
    ],
    responses={200: OpenApiTypes.OBJECT},
)
class Indicators(APIView):
    permission_classes = [HasCapability]
    capabilities = (VIEW,)

    def get(self, request):
        year = _year(request.query_params.get("year", "").strip())
        districts = request.query_params.getlist("district") or None
        if districts and not all(_DISTRICT.match(code) for code in districts):
            raise ValidationError({"district": [_("Enter a kabupaten/kota code such as 64.01.")]})
        return Response(indicators_visible_to(user=request.user, year=year, regency_codes=districts).as_dict())
