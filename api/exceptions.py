"""Every error of the API as JSON: {"code": "<machine code>", "message": "<in the request's
language>", "errors": {field: [messages]}} (docs/api.md, "Errors")."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import PortalError


def _messages():
    # Called at answer time so they are in the language of the request.
    return {
        exceptions.NotAuthenticated: ("not_authenticated", _("Sign in first: send 'Authorization: Token <key>'.")),
        exceptions.AuthenticationFailed: ("authentication_failed", _("The token is unknown, expired or revoked.")),
        exceptions.PermissionDenied: ("permission_denied", _("You may not do this.")),
        exceptions.NotFound: ("not_found", _("Nothing was found at this address.")),
        exceptions.MethodNotAllowed: ("method_not_allowed", _("This address does not accept this method.")),
        exceptions.NotAcceptable: ("not_acceptable", _("The API answers in JSON only.")),
        exceptions.UnsupportedMediaType: ("unsupported_media_type", _("Send the request body as JSON.")),
        exceptions.ParseError: ("parse_error", _("The request body is not valid JSON.")),
        exceptions.Throttled: ("throttled", _("Too many requests. Wait a little and try again.")),
        exceptions.ValidationError: ("invalid", _("Some of the data sent is not valid.")),
    }


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {field: _as_list(value) for field, value in detail.items()}
    return {"non_field_errors": _as_list(detail)}


def _as_list(value) -> list:
    if isinstance(value, list):
        return [item if isinstance(item, dict | list) else str(item) for item in value]
    if isinstance(value, dict):
        return [_field_errors(value)]
    return [str(value)]


def error_response(code: str, message: str, *, status_code: int, errors: dict | None = None, headers=None):
    return Response({"code": code, "message": message, "errors": errors or {}}, status=status_code,
                    headers=headers)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, PortalError):
        # A service's refusal (registration closed, a decision not allowed, ...), said as the page says it.
        set_rollback()
        return error_response("refused", str(exc.message), status_code=status.HTTP_400_BAD_REQUEST)
    if not isinstance(exc, exceptions.APIException):
        return None

    code, message = next(
        (found for kind, found in _messages().items() if isinstance(exc, kind)),
        (exc.default_code, str(exc.detail) if not isinstance(exc.detail, dict | list) else ""),
    )
    errors = _field_errors(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    if isinstance(exc, exceptions.AuthenticationFailed) and isinstance(exc.detail, str):
        message = str(exc.detail)
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        code, message = "csrf_failed", _("A signed-in browser sends its CSRF token with each write.")
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    return error_response(code, message, status_code=exc.status_code, errors=errors, headers=headers)
