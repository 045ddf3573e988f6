"""`Authorization: Token <key>` (or `Bearer <key>`) with a key made by api_token_create."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.selectors import api_token_for_key
from accounts.services import api_token_touch

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    """request.user is the token's user and request.auth the ApiToken. An expired or revoked
    token, or one of an inactive user, is refused (401) just like an unknown one."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be 'Token <key>'."))
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked.")) from None
        token = api_token_for_key(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return "Token"
