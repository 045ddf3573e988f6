from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language with the language menu.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
    to every officer whose browser happens to be set to English; here only the explicit choice
    (the language cookie set by the menu) counts."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class RejectNulMiddleware:
    """A NUL character in the address (its path or its query string), or in a plain form's
    fields, is answered with the portal's 400 page before any view runs. No page, search or
    code takes one, and PostgreSQL refuses it in a query parameter, which would otherwise end
    as a 500 deep inside a view. The fields of a POST are checked once the view is known: the
    body of an upload view (csrf_exempt to the middleware, see core.uploads.upload_limit) is
    left for the view to read under its size limit; every other view's body has been read by
    the CSRF middleware already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _query_holds_nul(request):
            return _bad_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False) and _holds_nul(request.POST):
            return _bad_request(request)
        return None


def _bad_request(request):
    from .errors import bad_request

    return bad_request(request, None)


def _holds_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _query_holds_nul(request) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return ("%00" in query or "\x00" in query) and _holds_nul(request.GET)

