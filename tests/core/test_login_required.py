"""Every page but the public ones sends an anonymous visitor to the login page."""

import itertools
import json
import re

import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db

# Deliberately public: signing in, resetting a password, choosing a language, and the
# health probe (which reports no personal data), and the about page.
PUBLIC_URL_NAMES = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "healthz",
    "core:about",  # what the portal is, linked from the login page
    "admin:login",
    "logout",  # POST-only sign-out; harmless for anonymous visitors
    # The residents' pages (issue 13): the catalog of open programs, a cycle's page and poster,
    # the anonymous pre-check and the status lookup (which shows no personal data, is rate-limited
    # per address and audited).
    "public:catalog",
    "public:cycle-detail",
    "public:cycle-poster",
    "public:precheck",
    "public:status",
}

# The REST API does its own authentication (Token, or a browser's session): an anonymous
# caller gets its JSON 401, never a redirect to a login page another system cannot follow.
# Its docs page is for people and does send them to the login page.
API_PAGES_FOR_PEOPLE = {"api:docs"}

from tests.urlwalk import SAMPLE_VALUES  # noqa: E402  (shared with the hostile walk and the sweep)


def _named_patterns(resolver=None, prefix="", path_prefix=""):
    """(name, path prefix, reverse entries) of every named URL, namespaces included."""
    resolver = resolver or get_resolver()
    for name in resolver.reverse_dict:
        if isinstance(name, str):
            yield prefix + name, path_prefix, resolver.reverse_dict.getlist(name)
    for namespace, (ns_prefix, sub_resolver) in resolver.namespace_dict.items():
        yield from _named_patterns(sub_resolver, f"{prefix}{namespace}:", path_prefix + ns_prefix)


def _sample_paths():
    """One concrete path per named URL, its parameters filled with values its regex accepts."""
    paths = {}
    for name, path_prefix, entries in _named_patterns():
        for possibilities, pattern, _defaults, _converters in entries:
            for fmt, params in possibilities:
                for values in itertools.product(SAMPLE_VALUES, repeat=len(params)):
                    candidate = fmt % dict(zip(params, values, strict=True))
                    if re.search(pattern, candidate):
                        paths.setdefault(name, "/" + path_prefix + candidate)
                        break
    return paths


def test_the_url_walk_finds_the_portal_pages():
    paths = _sample_paths()
    assert "core:dashboard" in paths
    assert "admin:index" in paths
    assert len(paths) > 20


@pytest.mark.parametrize("name", sorted(_sample_paths()))
def test_anonymous_visitor_is_sent_to_login(client, name):
    path = _sample_paths()[name]
    response = client.get(path)
    if name in PUBLIC_URL_NAMES or name.split(":")[-1] in PUBLIC_URL_NAMES:
        assert response.status_code != 500
        return
    if name.startswith("api:") and name not in API_PAGES_FOR_PEOPLE:
        assert response.status_code == 401, f"{name} ({path}) answered {response.status_code}"
        assert json.loads(response.content)["code"] == "not_authenticated"  # the schema's is +json
        return
    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
    assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), response["Location"]


def test_the_about_page_linked_from_the_login_page_is_public(client):
    from django.urls import reverse

    response = client.get(reverse("core:about"))
    assert response.status_code == 200
    assert reverse("core:about") in client.get(reverse("login")).content.decode()
