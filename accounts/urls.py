from django.urls import include, path

urlpatterns = [
    # login, logout, password_change(_done), password_reset(_done/_confirm/_complete),
    # rendered with the portal's templates under templates/registration/.
    path("", include("django.contrib.auth.urls")),
]
