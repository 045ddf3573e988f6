from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError

from .forms import ApiTokenCreateForm
from .selectors import api_token_of_user_or_404, api_tokens_of
from .services import api_token_create, api_token_revoke


def account_me(request):
    """The user's own page: their account and their API tokens. A token made here is shown
    once, in this answer; the portal keeps only its hash."""
    new_token = None
    form = ApiTokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_token = api_token_create(user=request.user, name=form.cleaned_data["name"],
                                         days=form.cleaned_data["days"], by=request.user)
        except PortalError as exc:
            form.add_error(None, str(exc.message))
        else:
            form = ApiTokenCreateForm()
    return render(request, "accounts/me.html", {
        "form": form,
        "new_token": new_token,
        "tokens": api_tokens_of(user=request.user),
        "now": timezone.now(),
    })


@require_POST
def api_token_revoke_view(request, token_id: int):
    token = api_token_of_user_or_404(user=request.user, token_id=token_id)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… no longer works.") % {"prefix": token.prefix})
    return redirect("account-me")
