"""A request from a private address while no proxy is trusted is remembered, and the
system check privacy.W001 then says that TRUSTED_PROXIES is missing; an invalid
TRUSTED_PROXIES entry is the error privacy.E004."""

import logging

import pytest
from django.core.cache import cache
from django.core.checks import Error, Warning
from django.http import HttpResponse
from django.test import RequestFactory

from privacy.checks import check_trusted_proxies
from privacy.middleware import ProxyMisconfigurationMiddleware


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.TRUSTED_PROXIES = []
    return settings


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def pass_through(remote_addr: str, **headers) -> None:
    """One request through a middleware made for the current settings."""
    middleware = ProxyMisconfigurationMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))
    assert response.status_code == 200


@pytest.mark.parametrize("entry", ["10.0.0.300", "proxy.internal", "10.0.0.0/33", ""])
def test_an_invalid_entry_is_an_error(settings, entry):
    settings.TRUSTED_PROXIES = ["10.0.0.5", entry]

    messages = check_trusted_proxies()

    assert ids(messages) == ["privacy.E004"]
    assert isinstance(messages[0], Error)


def test_valid_entries_pass(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5", " 10.0.0.0/8 ", "fd00::/8", "2001:db8::1"]

    assert check_trusted_proxies() == []


def test_nothing_is_reported_under_debug(settings):
    settings.DEBUG = True
    settings.TRUSTED_PROXIES = []
    pass_through("10.1.2.3")

    assert check_trusted_proxies() == []


def test_nothing_is_reported_before_any_request(production):
    assert check_trusted_proxies() == []


def test_a_request_from_a_private_address_leads_to_a_warning(production, caplog, monkeypatch):
    # The "privacy" logger does not propagate to the root logger, where caplog listens.
    monkeypatch.setattr(logging.getLogger("privacy"), "propagate", True)
    pass_through("10.1.2.3")

    messages = check_trusted_proxies()

    assert ids(messages) == ["privacy.W001"]
    assert isinstance(messages[0], Warning)
    assert "10.1.2.3" in messages[0].msg
    assert "TRUSTED_PROXIES is empty" in caplog.text


@pytest.mark.parametrize(
    ("remote_addr", "headers", "warned"),
    [
        pytest.param("10.1.2.3", {}, True, id="private-ipv4"),
        pytest.param("172.16.0.1", {}, True, id="private-172"),
        pytest.param("192.168.1.1", {}, True, id="private-192"),
        pytest.param("fd00::1", {}, True, id="unique-local-ipv6"),
        pytest.param("::ffff:10.1.2.3", {}, True, id="ipv4-mapped-private"),
        pytest.param("127.0.0.1", {}, False, id="loopback-without-header"),
        pytest.param("::1", {}, False, id="ipv6-loopback-without-header"),
        pytest.param(
            "127.0.0.1", {"HTTP_X_FORWARDED_FOR": "8.8.8.8"}, True, id="loopback-with-header"
        ),
        pytest.param(
            "::1", {"HTTP_X_FORWARDED_FOR": "8.8.8.8"}, True, id="ipv6-loopback-with-header"
        ),
        pytest.param("8.8.8.8", {}, False, id="public-ipv4"),
        pytest.param(
            "8.8.8.8", {"HTTP_X_FORWARDED_FOR": "1.2.3.4"}, False, id="public-with-header"
        ),
        pytest.param("2a00:1450:4001:80b::200e", {}, False, id="public-ipv6"),
        pytest.param("", {}, False, id="no-remote-address"),
        pytest.param("unknown", {}, False, id="garbage-remote-address"),
    ],
)
def test_which_requests_lead_to_a_warning(production, remote_addr, headers, warned):
    pass_through(remote_addr, **headers)

    assert ids(check_trusted_proxies()) == (["privacy.W001"] if warned else [])


def test_nothing_is_reported_once_a_proxy_is_trusted(production):
    pass_through("10.1.2.3")
    production.TRUSTED_PROXIES = ["10.1.2.3"]

    assert check_trusted_proxies() == []


def test_a_middleware_made_with_trusted_proxies_does_not_watch(production):
    production.TRUSTED_PROXIES = ["10.0.0.0/8"]
    pass_through("10.1.2.3")
    production.TRUSTED_PROXIES = []

    assert check_trusted_proxies() == []


def test_the_first_private_address_is_the_one_reported(production):
    middleware = ProxyMisconfigurationMiddleware(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    middleware(factory.get("/", REMOTE_ADDR="8.8.8.8"))
    middleware(factory.get("/", REMOTE_ADDR="10.1.2.3"))
    middleware(factory.get("/", REMOTE_ADDR="192.168.7.7"))

    messages = check_trusted_proxies()

    assert ids(messages) == ["privacy.W001"]
    assert "10.1.2.3" in messages[0].msg


@pytest.mark.django_db
def test_a_page_request_through_a_private_proxy_leads_to_a_warning(production, client):
    from stadtwerk.demo import demo_data_load

    demo_data_load()

    response = client.get("/", REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200
    messages = check_trusted_proxies()
    assert ids(messages) == ["privacy.W001"]
    assert "10.9.8.7" in messages[0].msg


@pytest.mark.django_db
def test_a_page_request_from_a_public_address_leads_to_no_warning(production, client):
    from stadtwerk.demo import demo_data_load

    demo_data_load()

    response = client.get("/", REMOTE_ADDR="8.8.8.8")

    assert response.status_code == 200
    assert check_trusted_proxies() == []
