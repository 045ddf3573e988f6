from django.shortcuts import render
from django.utils.functional import lazy


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the failure may have been in a context processor.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())


class TranslatedError(Exception):
    """An error whose `message` is a lazy translatable string: `str(error)` (or
    `str(error.message)`) gives it in the language active when it is shown."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


# Translated first, then filled in, whenever the message is finally shown (a Celery job's
# report may be read in another language than the one active when it was written).
lazy_fill = lazy(lambda message, params: message % params, str)


class PortalError(Exception):
    """A refusal to show the user as it is (translated message, no traceback)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def user_message_for(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    if message:
        return str(message)
    from django.utils.translation import gettext

    return gettext(
        "The job stopped because of an unexpected error (%(kind)s). Earlier data is unchanged; it can be retried."
    ) % {"kind": type(exc).__name__}
