import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User

from inquiries import demo
from stadtwerk.testing import module_state
from website.models import FORM_KIND_SLUGS

BERLIN = ZoneInfo("Europe/Berlin")
#: A Monday morning: the service centre is open 8–13 and 14–18.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=BERLIN)


def _page_tree():
    """The website's page tree with the section "Kontakt & Hilfe" and its form pages."""
    from website.demo import home_page_ensure
    from website.demo_pages import section_ensure

    section_ensure(home_page_ensure())


pages_of_module = module_state(_page_tree)


@pytest.fixture
def pages(pages_of_module, db):
    """The page tree, built once per module and untouched at each test's start."""


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def routing(db):
    """Units, topics, routes and opening hours as in the demo."""
    demo.opening_hours_demo_load()
    return demo.units_demo_load()


@pytest.fixture
def staff(routing):
    """One login per role; the admin is a superuser in no unit."""
    User.objects.create_superuser("admin", "admin@stadtwerke.example", "x")
    users = {"admin": User.objects.get(username="admin")}
    for username, group in [
        ("kundenservice", "Kundenservice"),
        ("abrechnung", "Abrechnung"),
        ("netz", "Netzbetrieb"),
        ("qualitaet", "Beschwerdemanagement"),
        ("datenschutz", "Datenschutz"),
        ("datenschutz_vertretung", "Datenschutz"),
        ("gleichbehandlung", "Gleichbehandlung"),
    ]:
        user = User.objects.create_user(username, f"{username}@stadtwerke.example", "x")
        user.groups.add(routing[_slug_of_group(group)].group)
        users[username] = user
    from django.contrib.auth.models import Permission

    editor = User.objects.create_user("redaktion", "redaktion@stadtwerke.example", "x")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    users["redaktion"] = editor
    return users


def _slug_of_group(group: str) -> str:
    return {
        "Kundenservice": "kundenservice",
        "Abrechnung": "abrechnung",
        "Netzbetrieb": "netzbetrieb",
        "Beschwerdemanagement": "qualitaet",
        "Datenschutz": "datenschutz",
        "Gleichbehandlung": "gleichbehandlung",
    }[group]


def form_url(kind: str) -> str:
    return f"/kontakt-hilfe/{FORM_KIND_SLUGS[kind]}/"


TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
QUESTION_RE = re.compile(r"Wie viel ist (\d+) \+ (\d+)\?")


def fresh_form(client, kind: str) -> dict:
    """The hidden fields of a freshly served form, and the answer to its question."""
    html = client.get(form_url(kind)).content.decode()
    token = TOKEN_RE.search(html).group(1)
    first, second = QUESTION_RE.search(html).groups()
    return {"form_token": token, "human_check": str(int(first) + int(second))}


def submit(client, kind: str, data: dict, **headers):
    return client.post(form_url(kind), {**fresh_form(client, kind), **data}, **headers)


def topic_id(kind: str, label: str) -> int:
    from inquiries.models import Topic

    return Topic.objects.get(kind=kind, label=label).pk


CONTACT = {
    "salutation": "ms",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "concern": "Bitte prüfen Sie meinen Abschlag.",
}
