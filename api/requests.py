"""What a write endpoint reads from a request and answers about a form: shared by the resources."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


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
