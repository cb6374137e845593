"""Staff work an inquiry: new → in progress → done, assignment, internal notes,
forwarding to another unit (recorded), retention holds, and the deletion date."""

from datetime import datetime

import pytest
from django.core import mail

from inquiries.models import Inquiry, InquiryEvent, Kind
from inquiries.services import inquiry_submit
from inquiries.tests.conftest import BERLIN, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(routing):
    return inquiry_submit(
        kind=Kind.CONTACT,
        data={
            "name": "Erika Mustermann",
            "email": "erika@example.org",
            "concern": "Frage <b>fett</b>",
        },
    )


@pytest.fixture
def officer_inquiry(routing):
    return inquiry_submit(
        kind=Kind.PRIVACY_OFFICER,
        data={"name": "Alex Weber", "email": "alex@example.org", "concern": "Auskunft bitte"},
    )


def detail(client, inquiry):
    return f"/admin/anliegen/vorgang/{inquiry.reference}/"


def test_status_moves_from_new_to_in_progress_to_done(client, staff, inquiry, clock):
    client.force_login(staff["kundenservice"])

    client.post(detail(client, inquiry), {"action": "status", "status": "in_progress"})
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS
    assert inquiry.assignee == staff["kundenservice"]

    client.post(detail(client, inquiry), {"action": "status", "status": "done"})
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.DONE
    assert inquiry.done_at == NOW


def test_done_inquiry_shows_when_it_will_be_deleted(client, staff, inquiry, clock):
    client.force_login(staff["kundenservice"])
    client.post(detail(client, inquiry), {"action": "status", "status": "done"})

    html = client.get(detail(client, inquiry)).content.decode()

    assert "Wird am 15.07.2026 gelöscht" in html


def test_hold_postpones_the_deletion_date(client, staff, inquiry, clock):
    client.force_login(staff["kundenservice"])
    client.post(detail(client, inquiry), {"action": "status", "status": "done"})

    client.post(
        detail(client, inquiry),
        {"action": "hold", "reason": "evidence", "until": "2026-12-31", "note": "Az. 12/26"},
    )

    html = client.get(detail(client, inquiry)).content.decode()
    assert "Wird am 31.12.2026 gelöscht" in html
    assert "Aufbewahrung wegen Nachweisbarkeit bis 31.12.2026" in html


def test_hold_in_the_past_is_refused_with_a_message(client, staff, inquiry, clock):
    client.force_login(staff["kundenservice"])

    response = client.post(
        detail(client, inquiry), {"action": "hold", "reason": "evidence", "until": "2026-01-01"}
    )

    assert response.status_code == 400
    assert "in der Zukunft" in response.content.decode()


def test_assignment_only_to_members_of_the_unit(client, staff, inquiry):
    client.force_login(staff["kundenservice"])

    refused = client.post(
        detail(client, inquiry), {"action": "assign", "assignee": staff["netz"].pk}
    )
    accepted = client.post(
        detail(client, inquiry), {"action": "assign", "assignee": staff["kundenservice"].pk}
    )

    assert refused.status_code == 400
    assert accepted.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assignee == staff["kundenservice"]


def test_internal_note_is_kept_and_shown_escaped(client, staff, inquiry):
    client.force_login(staff["kundenservice"])

    client.post(
        detail(client, inquiry), {"action": "note", "text": "Rückruf <script>x</script> vereinbart"}
    )

    html = client.get(detail(client, inquiry)).content.decode()
    assert "Rückruf &lt;script&gt;x&lt;/script&gt; vereinbart" in html
    assert InquiryEvent.objects.filter(action="note", actor=staff["kundenservice"]).exists()
    assert "Frage &lt;b&gt;fett&lt;/b&gt;" in html


def test_forwarding_is_recorded_and_moves_the_inquiry(
    client, staff, inquiry, routing, django_capture_on_commit_callbacks
):
    client.force_login(staff["kundenservice"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(client, inquiry),
            {"action": "forward", "unit": routing["abrechnung"].pk, "note": "Betrifft Abschlag"},
        )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.unit == routing["abrechnung"]
    assert inquiry.status == Inquiry.Status.NEW
    event = inquiry.events.get(action="forwarded")
    assert (event.from_unit, event.to_unit, event.actor) == (
        routing["kundenservice"],
        routing["abrechnung"],
        staff["kundenservice"],
    )
    assert client.get(detail(client, inquiry)).status_code == 404  # gone from the old unit
    client.force_login(staff["abrechnung"])
    history = client.get(detail(client, inquiry)).content.decode()
    assert "Kundenservicecenter → Abrechnung" in history
    assert "Betrifft Abschlag" in history
    assert [m.to for m in mail.outbox] == [["abrechnung@stadtwerke.example"]]


def test_officer_inquiries_cannot_be_forwarded(client, staff, officer_inquiry, routing):
    client.force_login(staff["datenschutz"])

    page = client.get(detail(client, officer_inquiry)).content.decode()
    response = client.post(
        detail(client, officer_inquiry), {"action": "forward", "unit": routing["kundenservice"].pk}
    )

    assert 'value="forward"' not in page
    assert response.status_code == 302  # Wagtail turns the refusal into a message
    assert response["Location"] == "/admin/"
    officer_inquiry.refresh_from_db()
    assert officer_inquiry.unit == routing["datenschutz"]


def test_deputy_sees_and_works_the_officers_inquiry(client, staff, officer_inquiry):
    client.force_login(staff["datenschutz_vertretung"])

    response = client.post(
        detail(client, officer_inquiry), {"action": "status", "status": "in_progress"}
    )

    assert response.status_code == 302


def test_unknown_action_is_refused(client, staff, inquiry):
    client.force_login(staff["kundenservice"])

    response = client.post(detail(client, inquiry), {"action": "delete"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_callback_list_ordered_by_preferred_time_and_called_deletes(client, staff, routing, clock):
    def callback(day, start, name):
        return inquiry_submit(
            kind=Kind.CALLBACK,
            data={
                "name": name,
                "phone": "+495111234567",
                "preferred_date": day,
                "preferred_from": start,
                "preferred_until": start.replace(hour=start.hour + 1),
                "topic": None,
            },
        )

    later = callback(datetime(2026, 6, 16).date(), datetime(2026, 6, 16, 9).time(), "Später")
    sooner = callback(datetime(2026, 6, 15).date(), datetime(2026, 6, 15, 15).time(), "Früher")
    client.force_login(staff["kundenservice"])

    html = client.get("/admin/anliegen/rueckrufe/").content.decode()
    assert html.index("Früher") < html.index("Später")

    response = client.post(f"/admin/anliegen/rueckrufe/{sooner.reference}/angerufen/")

    assert response.status_code == 302
    assert not Inquiry.objects.filter(pk=sooner.pk).exists()
    assert Inquiry.objects.filter(pk=later.pk).exists()
    assert sooner.preferred_start == datetime(2026, 6, 15, 15, tzinfo=BERLIN)


def test_a_callback_is_closed_only_by_calling_which_deletes_it(client, staff, routing, clock):
    request = inquiry_submit(
        kind=Kind.CALLBACK,
        data={
            "name": "Max",
            "phone": "+495111234567",
            "preferred_date": NOW.date(),
            "preferred_from": NOW.time().replace(hour=14),
            "preferred_until": NOW.time().replace(hour=15),
        },
    )
    client.force_login(staff["kundenservice"])

    page = client.get(detail(client, request)).content.decode()
    refused = client.post(detail(client, request), {"action": "status", "status": "done"})
    called = client.post(f"/admin/anliegen/rueckrufe/{request.reference}/angerufen/")

    assert 'value="status"' not in page
    assert f"/admin/anliegen/rueckrufe/{request.reference}/angerufen/" in page
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert called.status_code == 302
    assert not Inquiry.objects.filter(pk=request.pk).exists()
