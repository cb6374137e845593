"""The data-protection officer's desk in the admin: only the officer's group sees it;
open requests are listed by deadline with overdue ones flagged; a request received
by letter, phone or in person is entered with its date of receipt; each step of a
request is a form that answers bad input in German and never with a server error."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.demo import DEMO_PASSWORD, DPO_GROUP, dpo_staff_ensure
from privacy.models import (
    AccessPackage,
    PurgeRun,
    RetentionHold,
    SubjectRequest,
    SubjectRequestStep,
)
from privacy.services import hold_place
from privacy.subject_requests import deadline_extend, identity_confirm, request_receive
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Account, Ticket, Visit

pytestmark = pytest.mark.django_db

DESK = "/admin/datenschutz/antraege/"
NEW = "/admin/datenschutz/antraege/neu/"
Kind = SubjectRequest.Kind
Channel = SubjectRequest.Channel
Action = SubjectRequestStep.Action


@pytest.fixture
def dpo(clock):
    return dpo_staff_ensure()


@pytest.fixture
def dpo_client(client, dpo):
    client.force_login(dpo)
    return client


@pytest.fixture
def editor(django_user_model):
    """Staff with access to the admin, but not the officer."""
    user = django_user_model.objects.create_user(username="redaktion", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def received(kind=Kind.ACCESS, *, on: datetime = NOW, actor=None, **fields) -> SubjectRequest:
    fields.setdefault("name", "Anna Muster")
    if not {"email", "customer_number", "phone"} & fields.keys():
        fields["email"] = "anna@example.org"
    return request_receive(kind=kind, channel=Channel.LETTER, received_at=on, actor=actor, **fields)


def detail_url(subject_request: SubjectRequest) -> str:
    return f"{DESK}{subject_request.pk}/"


def page(response) -> str:
    return response.content.decode()


def step(client, subject_request, action: str, **data):
    return client.post(detail_url(subject_request), {"action": action, **data})


def followed(client, subject_request, action: str, **data) -> str:
    response = client.post(detail_url(subject_request), {"action": action, **data}, follow=True)
    assert response.status_code == 200
    return page(response)


# Addresses and who may see them -----------------------------------------------------


def test_the_desk_has_the_documented_addresses():
    assert reverse("privacy_desk") == DESK
    assert reverse("privacy_desk_request_new") == NEW
    assert reverse("privacy_desk_request", args=[7]) == f"{DESK}7/"


def test_staff_without_the_permission_get_403_on_every_desk_address(client, editor, dpo):
    subject_request = received()
    client.force_login(editor)

    responses = [
        client.get(DESK),
        client.get(NEW),
        client.post(NEW, {"kind": "access"}),
        client.get(detail_url(subject_request)),
        client.post(detail_url(subject_request), {"action": "reject", "note": "weg"}),
        client.get(f"{DESK}999999/"),
    ]

    assert [response.status_code for response in responses] == [403] * len(responses)
    assert "keine Berechtigung" in page(responses[0])
    subject_request.refresh_from_db()
    assert subject_request.is_open
    assert SubjectRequest.objects.count() == 1


def test_the_menu_item_is_on_the_admin_home_page_only_for_the_officer(client, editor, dpo):
    client.force_login(editor)
    editors_home = page(client.get(reverse("wagtailadmin_home")))
    client.force_login(dpo)
    officers_home = page(client.get(reverse("wagtailadmin_home")))

    # The sidebar is a JSON island; its item carries the menu item's name and address.
    item = '"name": "privacy-desk", "label": "Betroffenenantr\\u00e4ge"'
    assert item in officers_home and f'"url": "{DESK}"' in officers_home
    assert "privacy-desk" not in editors_home and DESK not in editors_home


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(DESK)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# The overview ---------------------------------------------------------------------


def test_the_officer_sees_open_requests_by_deadline_with_the_overdue_one_flagged(dpo_client, dpo):
    late = received(on=NOW - timedelta(days=75), customer_number="100200")  # due 1 May
    extended = received(Kind.ERASURE, on=NOW - timedelta(days=66))  # due 10 May
    deadline_extend(request=extended, reason="viele Anträge", actor=dpo)  # now 10 July
    fresh = received(Kind.OBJECTION, phone="0234 1234")  # due 15 July
    closed = received()
    SubjectRequest.objects.filter(pk=closed.pk).update(closed_at=NOW)

    response = dpo_client.get(DESK)

    assert response.status_code == 200
    text = page(response)
    rows = re.findall(r'<tr data-request="([^"]+)"( data-overdue)?>', text)
    assert rows == [
        (late.reference, " data-overdue"),
        (extended.reference, ""),
        (fresh.reference, ""),
    ]
    assert text.count("Überfällig") == 1
    assert "01.05.2026" in text and "10.07.2026" in text and "verlängert" in text
    assert "Widerspruch (Art. 21 DSGVO)" in text
    assert closed.reference not in text


def test_the_overview_shows_retention_runs_holds_ending_soon_and_the_audit(dpo_client, dpo):
    PurgeRun.objects.create(
        activity="fixture.visits",
        rule="90 Tage",
        count=17,
        started_at=NOW - timedelta(hours=2),
        finished_at=NOW - timedelta(hours=2),
    )
    PurgeRun.objects.create(
        activity="fixture.contact",
        rule="30 Tage",
        count=0,
        started_at=NOW - timedelta(hours=1),
        finished_at=NOW - timedelta(hours=1),
        error="Datenbank nicht erreichbar",
    )
    soon, later = Ticket.objects.create(kind="contact"), Ticket.objects.create(kind="contact")
    hold_place(
        record=soon,
        reason=RetentionHold.Reason.STATUTORY,
        until=NOW + timedelta(days=10),
        placed_by=dpo,
        note="Vorgang 4711",
    )
    hold_place(
        record=later,
        reason=RetentionHold.Reason.EVIDENCE,
        until=NOW + timedelta(days=60),
        placed_by=dpo,
    )

    text = page(dpo_client.get(DESK))

    assert "Besuche" in text and "17" in text
    assert "Fehlgeschlagen: Datenbank nicht erreichbar" in text
    assert "Gesetzliche Aufbewahrungsfrist" in text and "25.06.2026" in text
    assert "Nachweisbarkeit" not in text, "that hold ends in 60 days"
    assert "Vorgang 4711" not in text
    assert 'data-audit="passed"' in text
    assert reverse("privacy_processing_record") in text


def test_the_overview_shows_a_failed_audit_with_its_findings(dpo_client):
    Visit.objects.create(ip_address="192.0.2.1", created_at=NOW - timedelta(days=91))

    text = page(dpo_client.get(DESK))

    assert 'data-audit="failed"' in text
    assert "fixture.visits: 1 Datensatz älter als erlaubt" in text


def test_the_overview_counts_the_requests_closed_in_the_last_90_days(dpo_client):
    for days_ago in (1, 89, 91):
        closed = received()
        SubjectRequest.objects.filter(pk=closed.pk).update(closed_at=NOW - timedelta(days=days_ago))

    text = page(dpo_client.get(DESK))

    assert "In den letzten 90 Tagen wurden 2 Anträge abgeschlossen." in text


def test_the_overview_needs_as_many_queries_for_many_open_requests_as_for_few(dpo_client, dpo):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert dpo_client.get(DESK).status_code == 200
        return len(captured)

    def requests(count: int) -> None:
        for number in range(count):
            subject_request = received(customer_number=f"9{number:05d}")
            identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    requests(2)
    dpo_client.get(DESK)  # caches filled (content types, permissions)
    few = queries()
    requests(20)
    many = queries()

    assert many == few


# Staff entry ------------------------------------------------------------------------

VALID_ENTRY = {
    "kind": "erasure",
    "channel": "letter",
    "received_on": "2026-06-01",
    "name": "Anna Muster",
    "email": "",
    "customer_number": "100200",
    "phone": "",
    "description": "Bitte löschen Sie alle meine Daten.",
    "remove_online_access": "on",
}


def test_the_entry_form_offers_todays_date(dpo_client):
    response = dpo_client.get(NEW)

    assert response.status_code == 200
    assert 'value="2026-06-15"' in page(response)
    assert "Online-Zugang ebenfalls löschen" in page(response)


def test_a_request_entered_by_staff_is_due_one_month_after_receipt(dpo_client, dpo):
    response = dpo_client.post(NEW, VALID_ENTRY, follow=True)

    [subject_request] = SubjectRequest.objects.all()
    assert response.redirect_chain[-1][0] == detail_url(subject_request)
    assert subject_request.kind == Kind.ERASURE
    assert subject_request.channel == Channel.LETTER
    assert subject_request.received_at.date() == date(2026, 6, 1)
    assert subject_request.due_on == date(2026, 7, 1)
    assert subject_request.remove_online_access
    assert subject_request.customer_number == "100200"
    [first] = subject_request.steps.all()
    assert (first.action, first.actor, first.detail) == (Action.RECEIVED, dpo, "Brief")
    assert f"Antrag {subject_request.reference} angelegt; Frist bis 01.07.2026." in page(response)


def test_a_request_received_today_is_due_in_a_month(dpo_client):
    dpo_client.post(NEW, {**VALID_ENTRY, "received_on": "15.06.2026", "kind": "access"})

    [subject_request] = SubjectRequest.objects.all()
    assert subject_request.received_at == NOW
    assert subject_request.due_on == date(2026, 7, 15)
    assert not subject_request.remove_online_access, "only an erasure removes the access"


def test_a_request_received_by_e_mail_gets_its_confirmation_link(
    dpo_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dpo_client.post(
            NEW,
            {**VALID_ENTRY, "channel": "email", "customer_number": "", "email": "a@example.org"},
        )

    assert [message.to for message in mail.outbox] == [["a@example.org"]]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {key: "" for key in VALID_ENTRY},
            [
                "Bitte die Art des Antrags wählen.",
                "Bitte angeben, wie der Antrag eingegangen ist.",
                "Bitte das Eingangsdatum angeben.",
                "Bitte den Namen der betroffenen Person angeben.",
                "Bitte das Anliegen kurz beschreiben.",
                "Bitte mindestens eines angeben: E-Mail-Adresse, Kundennummer oder Telefonnummer.",
            ],
        ),
        (
            {"received_on": "2026-06-16"},
            ["Das Eingangsdatum darf nicht in der Zukunft liegen."],
        ),
        ({"received_on": "2025-06-01"}, ["Das Eingangsdatum liegt mehr als ein Jahr zurück"]),
        ({"received_on": "31.02.2026"}, ["Bitte ein gültiges Datum angeben"]),
        (
            {"customer_number": "", "email": "", "phone": ""},
            ["Bitte mindestens eines angeben: E-Mail-Adresse, Kundennummer oder Telefonnummer."],
        ),
        ({"email": "anna(at)example.org"}, ["Bitte gültige E-Mail-Adresse eingeben."]),
        ({"phone": "ruf mich an"}, ["Bitte eine Telefonnummer aus Ziffern angeben"]),
        ({"kind": "everything", "channel": "form"}, ["Bitte eine gültige Auswahl treffen."]),
        (
            {"name": "x" * 5000},
            ["Bitte sicherstellen, dass der Wert aus höchstens 200 Zeichen besteht."],
        ),
        (
            {"description": "x" * 5001, "customer_number": "1" * 5000},
            [
                "höchstens 5000 Zeichen",
                "höchstens 20 Zeichen",
            ],
        ),
        ({"name": "Anna\x00Muster"}, ["Nullzeichen sind nicht erlaubt."]),
        ({"description": "Bitte\x00löschen", "received_on": "2026\x00-06-01"}, ["Nullzeichen"]),
    ],
)
def test_bad_entries_get_german_messages_and_create_nothing(dpo_client, changes, errors):
    response = dpo_client.post(NEW, {**VALID_ENTRY, **changes})

    assert response.status_code == 400
    text = page(response)
    for error in errors:
        assert error in text
    assert not SubjectRequest.objects.exists()


def test_a_bad_entry_keeps_what_was_typed(dpo_client):
    text = page(dpo_client.post(NEW, {**VALID_ENTRY, "received_on": "2027-01-01"}))

    assert 'value="Anna Muster"' in text
    assert "Bitte löschen Sie alle meine Daten." in text


# The steps of a request ---------------------------------------------------------------


def test_the_detail_shows_the_steps_who_did_them_and_when(dpo_client, dpo):
    subject_request = received(actor=dpo)

    text = page(dpo_client.get(detail_url(subject_request)))

    assert subject_request.reference in text
    assert "Antrag eingegangen" in text and "Petra Harder" in text and "15.06.2026" in text
    assert "Bestätigungslink per E-Mail senden" in text
    assert "Gesucht wird nach" not in text, "not before the identity is verified"


@pytest.mark.parametrize("verified", [False, True])
def test_the_steps_forms_on_one_page_have_unique_ids(dpo_client, dpo, verified):
    subject_request = received(Kind.RECTIFICATION, customer_number="100200")
    if verified:
        identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    text = page(dpo_client.get(detail_url(subject_request)))

    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    assert ("Abschließen" in text) is verified
    assert ("Identität bestätigen" in text) is not verified


def test_an_unknown_request_is_not_found(dpo_client):
    assert dpo_client.get(f"{DESK}999999/").status_code == 404


def test_the_confirmation_link_goes_to_the_address_given(dpo_client):
    subject_request = received()

    text = followed(dpo_client, subject_request, "email_link")

    assert "Der Bestätigungslink geht an anna@example.org." in text
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert subject_request.steps.filter(action=Action.EMAIL_LINK_SENT).exists()


def test_the_deadline_is_extended_once_with_a_reason(dpo_client):
    subject_request = received()

    missing = step(dpo_client, subject_request, "extend", reason="  ")
    first = followed(dpo_client, subject_request, "extend", reason="Umfangreiche Unterlagen")
    second = followed(dpo_client, subject_request, "extend", reason="noch mehr")

    assert missing.status_code == 400
    assert "Bitte den Grund der Verlängerung angeben." in page(missing)
    assert "Die Frist ist bis 15.09.2026 verlängert." in first
    assert "Die Frist wurde bereits einmal verlängert; ein zweites Mal ist nicht möglich." in second
    subject_request.refresh_from_db()
    assert subject_request.extended_due_on == date(2026, 9, 15)
    assert subject_request.extension_reason == "Umfangreiche Unterlagen"
    assert subject_request.steps.filter(action=Action.EXTENDED).count() == 1
    assert "Frist verlängern" not in second


def test_staff_confirm_the_identity_with_a_note_and_see_what_will_be_searched(dpo_client, dpo):
    subject_request = received(
        customer_number="100200", phone="0234 1234", email="anna@example.org"
    )

    missing = step(dpo_client, subject_request, "identity", note="")
    text = followed(dpo_client, subject_request, "identity", note="Personalausweis vorgelegt")

    assert missing.status_code == 400
    assert "Bitte vermerken, wie die Identität geprüft wurde." in page(missing)
    assert "Die Identität ist bestätigt." in text
    subject_request.refresh_from_db()
    assert subject_request.status == SubjectRequest.Status.VERIFIED
    confirmed = subject_request.steps.get(action=Action.IDENTITY_CONFIRMED)
    assert (confirmed.actor, confirmed.detail) == (dpo, "Personalausweis vorgelegt")
    identifiers = re.search(r"<ul data-identifiers>(.*?)</ul>", text, re.S).group(1)
    assert "Kundennummer: 100200" in identifiers
    assert "E-Mail-Adresse: anna@example.org" in identifiers
    assert "Telefonnummer: 0234 1234" in identifiers


def test_a_postal_code_letter_is_a_pdf_when_meter_and_customer_match(dpo_client, monkeypatch):
    monkeypatch.setattr(
        "privacy.subject_requests.postal_address_for",
        lambda customer_number, meter: (
            ["Anna Muster", "Hauptstraße 1", "44787 Bochum"]
            if (customer_number, meter) == ("100200", "Z-4711")
            else None
        ),
    )
    subject_request = received(customer_number="100200")

    wrong = step(dpo_client, subject_request, "postal_code", meter_number="Z-0000")
    empty = step(dpo_client, subject_request, "postal_code", meter_number="")
    letter = step(dpo_client, subject_request, "postal_code", meter_number="Z-4711")

    assert wrong.status_code == 400
    assert "Diese Zählernummer gehört nicht zur Kundennummer 100200." in page(wrong)
    assert 'value="Z-0000"' in page(wrong)
    assert empty.status_code == 400 and "Bitte die Zählernummer angeben." in page(empty)
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    assert letter["Content-Disposition"].endswith(f'code-brief-{subject_request.reference}.pdf"')
    assert letter.content.startswith(b"%PDF")
    actions = list(subject_request.steps.values_list("action", flat=True))
    assert actions == [Action.RECEIVED, Action.POSTAL_CODE_REFUSED, Action.POSTAL_CODE_SENT]


@pytest.fixture
def anna(clock):
    return {
        "account": Account.objects.create(
            customer_number="100200", email="anna@example.org", password="md5$salt$hash"
        ),
        "open": Ticket.objects.create(kind="contact", email="anna@example.org", concern="Zähler"),
        "done": Ticket.objects.create(
            kind="contact", customer_number="100200", done_at=NOW - timedelta(days=2)
        ),
        "bernd": Ticket.objects.create(kind="contact", email="bernd@example.org"),
    }


def test_an_access_request_gets_its_package_and_the_pdf_is_printed_for_post(dpo_client, dpo, anna):
    subject_request = received(Kind.ACCESS, customer_number="100200")
    before = page(dpo_client.get(detail_url(subject_request)))
    identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    created = followed(dpo_client, subject_request, "access")

    [package] = AccessPackage.objects.filter(request=subject_request)
    assert "Auskunft zusammenstellen" not in before, "not before the identity is verified"
    assert f"Auskunft zusammengestellt: {package.record_count} Datensätze." in created
    assert package.record_count >= 3
    assert "Bitte das PDF für den Postversand drucken." in created
    assert "PDF für den Postversand drucken" in created
    printed = step(dpo_client, subject_request, "print", package=str(package.pk))
    assert printed["Content-Type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")
    assert subject_request.steps.filter(action=Action.PACKAGE_PRINTED, actor=dpo).exists()
    subject_request.refresh_from_db()
    assert subject_request.status == SubjectRequest.Status.ANSWERED
    assert "Auskunft zusammenstellen" not in page(dpo_client.get(detail_url(subject_request)))


@pytest.mark.parametrize("package", ["", "abc", "99999", "1\x00", "9" * 40, "-1"])
def test_printing_an_unknown_package_is_refused_without_an_error(dpo_client, package):
    subject_request = received(Kind.ACCESS)
    SubjectRequest.objects.filter(pk=subject_request.pk).update(closed_at=NOW)

    text = followed(dpo_client, subject_request, "print", package=package)

    assert "Diese Auskunft gibt es nicht (mehr)." in text


def test_an_erasure_shows_what_was_erased_and_what_was_kept_and_why(dpo_client, dpo, anna):
    hold_place(
        record=anna["done"],
        reason=RetentionHold.Reason.STATUTORY,
        until=NOW + timedelta(days=365),
        placed_by=dpo,
    )
    subject_request = received(Kind.ERASURE, customer_number="100200", email="anna@example.org")
    identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    text = followed(dpo_client, subject_request, "erase")

    assert "Löschung ausgeführt:" in text
    report = re.search(r"<table[^>]*data-erasure-report>(.*?)</table>", text, re.S).group(1)
    assert re.search(r"Konten</th><td>1</td>", report)
    assert re.search(r"Kontakt</th><td>1</td>", report)
    assert "Aufbewahrt" in text
    assert "Gesetzliche Aufbewahrungsfrist" in text and "15.06.2027" in text
    assert "Nachweis, wie Ihr Antrag bearbeitet wurde" in text
    assert set(Ticket.objects.all()) == {anna["done"], anna["bernd"]}
    assert not Account.objects.exists()
    subject_request.refresh_from_db()
    assert not subject_request.is_open
    assert "Löschung ausführen" not in text


def test_a_rectification_is_closed_with_a_note(dpo_client, dpo):
    subject_request = received(Kind.RECTIFICATION)
    refused = followed(dpo_client, subject_request, "close", note="berichtigt")
    identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    missing = step(dpo_client, subject_request, "close", note="")
    text = followed(dpo_client, subject_request, "close", note="Anschrift berichtigt")

    assert "Dieser Schritt ist beim jetzigen Stand des Antrags nicht möglich." in refused
    assert missing.status_code == 400
    assert "Bitte vermerken, was entschieden wurde." in page(missing)
    assert "Der Antrag ist beantwortet und abgeschlossen." in text
    assert "Anschrift berichtigt" in text
    subject_request.refresh_from_db()
    assert subject_request.status == SubjectRequest.Status.ANSWERED
    assert subject_request.outcome_note == "Anschrift berichtigt"


def test_an_objection_is_recorded_when_closed(dpo_client, dpo):
    subject_request = received(Kind.OBJECTION)
    identity_confirm(request=subject_request, actor=dpo, detail="Ausweis")

    followed(dpo_client, subject_request, "close", note="Werbung gesperrt")

    assert subject_request.steps.filter(action=Action.OBJECTION_RECORDED).exists()


def test_a_request_is_rejected_with_a_note_even_unverified_and_then_stays_closed(dpo_client):
    subject_request = received(Kind.ERASURE)

    missing = step(dpo_client, subject_request, "reject", note="")
    text = followed(dpo_client, subject_request, "reject", note="offensichtlich unbegründet")
    again = followed(dpo_client, subject_request, "extend", reason="zu spät")

    assert "Bitte den Grund der Ablehnung angeben." in page(missing)
    assert "Der Antrag ist abgelehnt und abgeschlossen." in text
    assert "Der Antrag ist bereits abgeschlossen." in again
    subject_request.refresh_from_db()
    assert subject_request.status == SubjectRequest.Status.REJECTED
    assert not subject_request.extended_due_on


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "delete_everything"},
        {"action": "extend\x00"},
        {"action": "extend", "reason": "x" * 5000},
        {"action": "extend", "reason": "Grund\x00"},
        {"action": "identity", "note": "x" * 5000},
        {"action": "reject", "note": "\x00"},
        {"action": "postal_code", "meter_number": "1" * 5000},
        {"action": "erase"},
    ],
)
def test_bad_steps_get_a_german_answer_and_change_nothing(dpo_client, data):
    subject_request = received(Kind.ACCESS, customer_number="100200", email="anna@example.org")

    response = dpo_client.post(detail_url(subject_request), data, follow=True)

    assert response.status_code in (200, 400)
    text = page(response)
    assert any(
        message in text
        for message in (
            "Unbekannter Bearbeitungsschritt.",
            "Dieser Schritt ist beim jetzigen Stand des Antrags nicht möglich.",
            "Bitte sicherstellen, dass der Wert aus höchstens",
            "Nullzeichen sind nicht erlaubt.",
        )
    )
    assert list(subject_request.steps.values_list("action", flat=True)) == [Action.RECEIVED]


# The officer's demo login ------------------------------------------------------------


def test_the_officers_demo_login_is_created_once_with_the_desks_permissions():
    first = dpo_staff_ensure()
    second = dpo_staff_ensure()

    assert first == second
    assert first.is_staff and first.email == "datenschutz@stadtwerke.example"
    assert first.check_password(DEMO_PASSWORD)
    group = Group.objects.get(name=DPO_GROUP)
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("privacy", "handle_subject_requests"),
        ("privacy", "view_processing_record"),
        ("wagtailadmin", "access_admin"),
    }
    assert list(first.groups.all()) == [group]
    assert first.has_perm("privacy.handle_subject_requests")


def test_an_existing_officer_login_becomes_staff_and_keeps_its_password(django_user_model):
    django_user_model.objects.create_user(username="datenschutz", password="eigenes-passwort")

    user = dpo_staff_ensure()

    assert user.is_staff
    assert user.check_password("eigenes-passwort")
