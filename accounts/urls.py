from django.urls import include, path

from . import views

urlpatterns = [
    # login, logout, password_change(_done), password_reset(_done/_confirm/_complete),
    # rendered with the portal's templates under templates/registration/.
    path("", include("django.contrib.auth.urls")),
    path("me/", views.account_me, name="account-me"),
    path("me/tokens/<int:token_id>/revoke/", views.api_token_revoke_view, name="account-api-token-revoke"),
]
