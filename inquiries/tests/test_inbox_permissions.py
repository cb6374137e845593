"""Staff see only their own unit's inquiries; what is sent to an officer is seen by
that officer and their deputies only: every role against every inbox."""

import pytest

from inquiries.models import Kind, Unit
from inquiries.services import inquiry_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]

UNITS = [
    "kundenservice",
    "abrechnung",
    "netzbetrieb",
    "qualitaet",
    "datenschutz",
    "gleichbehandlung",
]
MEMBERSHIP = {
    "admin": set(),  # a superuser in no unit sees no inbox
    "redaktion": set(),
    "kundenservice": {"kundenservice"},
    "abrechnung": {"abrechnung"},
    "netz": {"netzbetrieb"},
    "qualitaet": {"qualitaet"},
    "datenschutz": {"datenschutz"},
    "datenschutz_vertretung": {"datenschutz"},
    "gleichbehandlung": {"gleichbehandlung"},
}


@pytest.fixture
def one_inquiry_per_unit(staff):
    references = {}
    for unit in Unit.objects.all():
        inquiry = inquiry_submit(
            kind=Kind.CONTACT,
            data={"name": f"Person bei {unit.slug}", "email": "p@example.org", "concern": "Frage"},
        )
        inquiry.unit = unit
        inquiry.save()
        references[unit.slug] = inquiry.reference
    return references


@pytest.mark.parametrize("role", list(MEMBERSHIP))
@pytest.mark.parametrize("unit", UNITS)
def test_inbox_and_inquiry_visible_only_to_the_units_members(
    client, staff, one_inquiry_per_unit, role, unit
):
    client.force_login(staff[role])
    allowed = unit in MEMBERSHIP[role]

    inbox = client.get(f"/admin/anliegen/{unit}/")
    detail = client.get(f"/admin/anliegen/vorgang/{one_inquiry_per_unit[unit]}/")
    note = client.post(
        f"/admin/anliegen/vorgang/{one_inquiry_per_unit[unit]}/", {"action": "note", "text": "x"}
    )

    assert inbox.status_code == (200 if allowed else 404)
    assert detail.status_code == (200 if allowed else 404)
    assert note.status_code == (302 if allowed else 404)
    if allowed:
        assert f"Person bei {unit}" in detail.content.decode()


@pytest.mark.parametrize("role", list(MEMBERSHIP))
def test_overview_lists_only_own_inboxes(client, staff, one_inquiry_per_unit, role):
    client.force_login(staff[role])

    response = client.get("/admin/anliegen/")

    if not MEMBERSHIP[role]:
        assert response.status_code in (302, 403)
        return
    html = response.content.decode()
    for unit in UNITS:
        assert (f"/admin/anliegen/{unit}/" in html) == (unit in MEMBERSHIP[role])


@pytest.mark.parametrize("role", list(MEMBERSHIP))
def test_callback_list_only_for_the_service_centre(client, staff, role):
    client.force_login(staff[role])

    response = client.get("/admin/anliegen/rueckrufe/")

    expected = 200 if "kundenservice" in MEMBERSHIP[role] else (302, 403)
    assert (
        response.status_code == expected
        if isinstance(expected, int)
        else response.status_code in expected
    )


def test_menu_shows_inquiries_only_to_unit_members(client, staff):
    client.force_login(staff["redaktion"])
    assert "/admin/anliegen/" not in client.get("/admin/").content.decode()
    client.force_login(staff["kundenservice"])
    assert "/admin/anliegen/" in client.get("/admin/").content.decode()


def test_anonymous_visitor_is_sent_to_login(client, one_inquiry_per_unit):
    response = client.get(f"/admin/anliegen/vorgang/{one_inquiry_per_unit['datenschutz']}/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_change_the_routing_in_the_admin(admin_client, client, routing, pages):
    from inquiries.models import Inquiry, Topic
    from inquiries.tests.conftest import CONTACT, submit

    topic = Topic.objects.get(kind="contact", label="Umzug")
    response = admin_client.post(
        f"/admin/snippets/inquiries/topic/edit/{topic.pk}/",
        {
            "kind": "contact",
            "label": "Umzug",
            "unit": routing["abrechnung"].pk,
            "sort_order": 3,
            "active": "on",
        },
    )
    assert response.status_code == 302

    submit(client, "contact", {**CONTACT, "topic": topic.pk})

    assert Inquiry.objects.get().unit == routing["abrechnung"]
