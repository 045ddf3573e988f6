from django.urls import include, path, re_path

from . import views

app_name = "api"

v1 = [
    path("me/", views.me, name="me"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
    # Any other address under /api/ answers the API's JSON 404, not the portal's page.
    re_path(r"^", views.not_found),
]
