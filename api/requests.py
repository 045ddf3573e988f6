"""What a write endpoint reads from a request and answers about a form: shared by the resources."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from core.identifiers import mask_nik


def form_errors(form) -> dict:
    """A Django form's errors as the API's `errors` object ({field: [messages]}, the whole form's
    under non_field_errors)."""
    return {("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in form.errors.items()}


def json_object(request) -> dict:
    """The request's JSON body, which must be an object (400 otherwise)."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    return request.data


def shows_full_nik(request) -> bool:
    """Whether the API's answers carry full NIKs and No. KKs for this user (view_full_nik), as the
    pages decide; the serializers get it in their context as `show_full_nik`."""
    return request.user.has_perm("accounts.view_full_nik")


def nik_shown(context, number: str) -> str:
    """A NIK or No. KK as the serializer's user may see it: in full, or masked (640101********01)."""
    return number if context["show_full_nik"] else mask_nik(number)
