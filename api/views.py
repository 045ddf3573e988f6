"""The API's own views: who the caller is, the schema, the docs, and the JSON 404 of an unknown
address. The resources live in their own modules (api/v1/...)."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts.models import ApiToken
from accounts.selectors import regency_codes_visible_to

from .exceptions import error_response
from .schema import TokenAuthenticationScheme  # noqa: F401  (registers the token scheme with drf-spectacular)


@extend_schema(
    summary="Who the caller is",
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "role": serializers.CharField(),
            "districts": serializers.ListField(child=serializers.CharField(), allow_null=True,
                                               help_text="Kabupaten/kota codes the caller sees; null: every one."),
            "token_expires_at": serializers.DateTimeField(allow_null=True),
        },
    ),
)
@api_view(["GET"])
def me(request):
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return Response({
        "username": request.user.get_username(),
        "role": request.user.role,
        "districts": regency_codes_visible_to(user=request.user),
        "token_expires_at": token.expires_at if token else None,
    })


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    return error_response("not_found", _("Nothing was found at this address."), status_code=status.HTTP_404_NOT_FOUND)


# JSON (application/vnd.oai.openapi+json), errors included.
schema = SpectacularJSONAPIView.as_view()
# A page for people: a visitor who is not signed in is sent to the login page.
docs = login_required(SpectacularSwaggerView.as_view(url_name="api:schema"))
