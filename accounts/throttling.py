"""The login lockout (django-axes): the client address it counts failures by, the page a
locked-out login gets, and the audit row of a lockout."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address of the client: behind TRUSTED_PROXY_COUNT proxies that each append the
    address they saw to X-Forwarded-For, the entry the outermost of them wrote (anything to
    its left was sent by the client and proves nothing); without a proxy, the connection's."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def on_user_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes says a login is locked out, on the failure that locked it and on every
    failure after it while it lasts; only the first one is a new lockout to audit."""
    from .services import login_lockout_record

    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    login_lockout_record(username=username or "", ip_address=ip_address or "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): the login card, in the
    portal's layout and language, saying why and for how long. 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
