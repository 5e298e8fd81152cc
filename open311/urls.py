from django.urls import path, register_converter

from open311 import views

app_name = "open311"


class FormatConverter:
    """The format an Open311 address ends with: .json or .xml."""

    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CodeConverter:
    """A service code or a tracking code (letters, digits, dashes, underscores)."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TokenConverter(CodeConverter):
    regex = "[A-Za-z0-9:_-]{1,128}"


register_converter(FormatConverter, "fmt")
register_converter(CodeConverter, "code")
register_converter(TokenConverter, "token")

urlpatterns = [
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("v2/services.<fmt:fmt>", views.services_list, name="services"),
    path("v2/services/<code:code>.<fmt:fmt>", views.service_definition, name="service-definition"),
    path("v2/requests.<fmt:fmt>", views.requests_list, name="requests"),
    path("v2/requests/<code:kode>.<fmt:fmt>", views.request_detail, name="request-detail"),
    path("v2/tokens/<token:token>.<fmt:fmt>", views.token_detail, name="token-detail"),
    path("klien/", views.client_list, name="client-list"),
    path("klien/<int:pk>/cabut/", views.client_revoke, name="client-revoke"),
]
