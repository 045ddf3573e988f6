"""The REST API (docs/api.md), the top layer: it imports from every app below, none imports it.

A resource is a DRF view in a module of its own (cycles.py, applications.py, ...), routed in
urls.py's `v1` list under the `api` namespace:

- `permission_classes = [HasCapability]` with `capabilities` = the capability its page checks
  (a dict by method when reading and writing need different ones); authentication, throttling,
  pagination and the JSON errors come from settings.REST_FRAMEWORK;
- reads call the app's selector the page calls (never a queryset of its own for scoping): a record
  outside the user's districts raises Http404, which answers the JSON 404;
- writes validate with the page's form and call the page's service, so the checks and the audit
  rows are the page's (applications.py's `_form_errors` maps form errors to `errors`); a
  PortalError a service raises answers 400 `refused`;
- NIKs go through api.requests.nik_shown (core.identifiers.mask_nik) unless the user has `accounts.view_full_nik`;
- tests in tests/api/ call it with `token_client(user)` (tests/api/conftest.py), and the roles
  table of tests/api/test_roles.py gets a row per endpoint.
"""
