"""How the OpenAPI document describes the API's own pieces (imported by api.views, so before any
schema is made: the schema view and `manage.py spectacular` both load the URLs)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>` (or `Bearer <key>`): a key from 'My account' or `manage.py create_api_token`."
            ),
        }
