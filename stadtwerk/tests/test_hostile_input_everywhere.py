"""No address of ours answers hostile input with a server error: every route of our
apps and every page of the demo site, opened by a visitor, a logged-in customer and
the administrator, with odd query strings, and every form on them sent back with NUL
bytes, overlong text and nonsense numbers."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from portal.demo import DEMO_LOGIN_CUSTOMER, DEMO_LOGIN_EMAIL
from stadtwerk.demo import demo_data_load

pytestmark = pytest.mark.django_db

OUR_APPS = ("privacy", "website", "inquiries", "portal", "sms", "traffic")
HOSTILE_QUERY = (
    "q=%00%3Cscript%3E&page=-1&start=31.02.2026&end=%FF&next=https%3A%2F%2Fevil.example%2F"
    "&format=%00&period=%00&kind=x&unit=999999&sort=--&order=%25"
)
HOSTILE_VALUES = ("\x00", "ä" * 5000, "-1")
SAMPLE_ARGUMENTS = {"int": "999999", "uuid": "00000000-0000-0000-0000-000000000000"}
#: Not sent: logging out or deleting the account midway would leave a logged-out client.
SPARED = ("/abmelden/", "/logout/", "zugang-loeschen/", "/sitzung-beenden/")


class _Forms(HTMLParser):
    """The field names of each POST form of a page, with the form's action."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._current = (attributes.get("action") or "", [])
            self.forms.append(self._current)
        elif self._current and tag in ("input", "textarea", "select"):
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken" and attributes.get("type") != "file":
                self._current[1].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _routes(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _view_module(pattern: URLPattern) -> str:
    view = getattr(pattern.callback, "view_class", pattern.callback)
    return view.__module__


def our_paths() -> list[str]:
    paths = set()
    for route, pattern in _routes(get_resolver()):
        if route.startswith("^") or "(?" in route:
            continue  # regex routes: Wagtail's page tree, reached through its pages below
        # allauth's views answer the customer centre's login, password and e-mail pages
        if not (_view_module(pattern).startswith(OUR_APPS) or route.startswith("kundencenter/")):
            continue

        def argument(match):
            return SAMPLE_ARGUMENTS.get(match.group(1) or "str", "x%00y")

        paths.add("/" + re.sub(r"<(?:(\w+):)?\w+>", argument, route))
    paths.update(page.url for page in Page.objects.live().specific() if page.url)
    paths.update(_own_records_paths())
    paths.update(_inbox_paths())
    return sorted(paths)


def _inbox_paths() -> list[str]:
    """The staff inboxes and their demo inquiries, with the forms that work them."""
    from inquiries.models import Inquiry, Unit

    return [
        *(f"/admin/anliegen/{unit.slug}/" for unit in Unit.objects.all()),
        *(f"/admin/anliegen/vorgang/{inquiry.reference}/" for inquiry in Inquiry.objects.all()),
    ]


def _own_records_paths() -> list[str]:
    """The demo customer's own contract and meter pages, whose forms do the real work."""
    from portal.models import Contract, Meter

    contracts = Contract.objects.filter(customer__customer_number=DEMO_LOGIN_CUSTOMER)
    meters = Meter.objects.filter(meter_point__contract__in=contracts)
    return [
        *(
            f"/kundencenter/{page}/{contract.contract_number}/"
            for contract in contracts
            for page in ("vertraege", "abschlag", "umzug")
        ),
        *(f"/kundencenter/zaehlerstand/{meter.number}/" for meter in meters),
    ]


def server_errors(client: Client, path: str, sent: list[str]) -> list[str]:
    """Server errors of a GET with a hostile query and of each POST form on the page;
    `sent` collects the forms sent."""
    errors = []
    response = client.get(f"{path}?{HOSTILE_QUERY}")
    if response.status_code >= 500:
        errors.append(f"GET {path}?… → {response.status_code}")
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return errors
    parser = _Forms()
    parser.feed(response.content.decode("utf-8", "replace"))
    for action, fields in parser.forms:
        target = action or path
        if not target.startswith("/") or target.endswith(SPARED):
            continue
        sent.append(target)
        for value in HOSTILE_VALUES:
            answer = client.post(target, dict.fromkeys(fields, value))
            if answer.status_code >= 500:
                errors.append(f"POST {target} ({value[:3]!r}…) from {path} → {answer.status_code}")
    return errors


@pytest.fixture
def paths():
    demo_data_load()
    return our_paths()


def _client(username: str | None = None) -> Client:
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("who", ["visitor", "customer", "administrator"])
def test_no_route_or_form_answers_hostile_input_with_a_server_error(paths, who):
    client = _client({"visitor": None, "customer": DEMO_LOGIN_EMAIL, "administrator": "admin"}[who])
    if who != "administrator":
        paths = [path for path in paths if not path.startswith("/admin/")]

    sent = []

    errors = [error for path in paths for error in server_errors(client, path, sent)]

    assert errors == []
    assert len(paths) > 60
    assert len(sent) >= {"visitor": 15, "customer": 25, "administrator": 20}[who], sent


@pytest.mark.parametrize(
    "path", ["/kundencenter/vertraege/1%00/", "/admin/anliegen/vorgang/SW-%00/", "/%00"]
)
def test_a_path_with_a_nul_byte_is_not_found(client, path):
    response = client.get(path)

    assert response.status_code == 404
