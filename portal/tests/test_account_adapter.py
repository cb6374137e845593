from allauth.account.adapter import get_adapter
from django.test import RequestFactory


def test_allauth_rate_limits_use_the_trusted_client_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5"
    )

    assert get_adapter(request).get_client_ip(request) == "203.0.113.5"


def test_allauth_ignores_forwarded_for_from_an_untrusted_sender(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert get_adapter(request).get_client_ip(request) == "198.51.100.9"
