from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

API_PATH_PREFIX = "/api/"


def _accepted_language(header: str) -> str:
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ApiLanguageMiddleware:
    """The API answers in the language of the request's Accept-Language (another system says
    what it reads), Bahasa Indonesia when it names none of the portal's languages. The pages
    keep PortalLanguageMiddleware's rule (the menu's choice only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PATH_PREFIX):
            return self.get_response(request)
        language = _accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers["Content-Language"] = language
        return response
