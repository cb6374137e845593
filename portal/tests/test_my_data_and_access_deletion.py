"""'Meine Daten' shows what is held and when it goes; a customer ends their own
sessions and deletes their online access; staff with the right permission delete one."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.timezone import localtime

from portal.models import AccessLogEntry, Contract, Customer, CustomerRequest, OnlineAccess
from portal.tests.conftest import PASSWORD, login_create

PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)


def logged_in_client(**headers) -> Client:
    client = Client(**headers)
    client.post("/kundencenter/anmelden/", {"login": "juergen@example.org", "password": PASSWORD})
    return client


def password_confirmed(client: Client) -> Client:
    client.post("/kundencenter/bestaetigen/", {"password": PASSWORD})
    return client


@pytest.fixture
def juergen_login(juergen):
    return login_create(juergen, "juergen@example.org")


def test_my_data_lists_what_is_held_with_its_purpose_and_deletion_date(juergen_login):
    client = logged_in_client()
    page = client.get("/kundencenter/meine-daten/")
    assert page.status_code == 200
    held = {item.activity.key: item for item in page.context["held"]}

    log = held["portal.access_log"]
    first_entry = AccessLogEntry.objects.filter(customer__customer_number="3000001").earliest("at")
    assert log.deletion.at == first_entry.at + timedelta(days=90)
    assert localtime(first_entry.at + timedelta(days=90)).strftime("ab %d.%m.%Y") in page.text
    assert str(log.activity.purpose) in page.text
    assert "portal.online_access" in held  # the login itself, kept until it is deleted
    assert str(held["portal.online_access"].deletion.event) in page.text


def test_my_data_shows_the_sessions_and_one_can_end_another_device(juergen_login):
    phone = logged_in_client(HTTP_USER_AGENT=PHONE_BROWSER)
    desk = logged_in_client()
    page = desk.get("/kundencenter/meine-daten/")
    sessions = page.context["sessions"]
    assert len(sessions) == 2
    shown_phone = next(s for s in sessions if not s.current)
    assert shown_phone.browser.startswith("Chrome Mobile")
    assert shown_phone.system == "Android"
    assert "Chrome Mobile 126 unter Android" in page.text

    ended = desk.post(
        "/kundencenter/meine-daten/sitzung-beenden/", {"session": shown_phone.id}, follow=True
    )
    assert "Die Sitzung ist beendet." in ended.text
    assert phone.get("/kundencenter/").status_code == 302  # logged out there
    assert desk.get("/kundencenter/").status_code == 200


def test_another_persons_session_cannot_be_ended(juergen_login, other):
    login_create(other, "petra@example.org")
    petra = Client()
    petra.post("/kundencenter/anmelden/", {"login": "petra@example.org", "password": PASSWORD})
    petras_session = UserSession.objects.get(user__email="petra@example.org")

    for bad in (petras_session.pk, "", "kein-wert"):
        page = logged_in_client().post(
            "/kundencenter/meine-daten/sitzung-beenden/", {"session": bad}, follow=True
        )
        assert page.status_code == 200
        assert "Diese Sitzung war bereits beendet." in page.text
    assert petra.get("/kundencenter/").status_code == 200


def test_deleting_the_access_asks_for_confirmation_in_german(juergen_login):
    client = password_confirmed(logged_in_client())
    page = client.post("/kundencenter/zugang-loeschen/", {})
    assert page.status_code == 200
    assert "Bitte bestätigen Sie, dass Sie den Zugang löschen möchten." in page.text
    assert OnlineAccess.objects.filter(user=juergen_login).exists()


def test_deleting_the_access_removes_the_login_and_keeps_the_contracts(
    juergen, juergen_login, django_capture_on_commit_callbacks
):
    phone = logged_in_client(HTTP_USER_AGENT=PHONE_BROWSER)
    client = logged_in_client()
    CustomerRequest.objects.create(
        customer=juergen, kind=CustomerRequest.Kind.CONTACT, payload={"phone": "+4923011"}
    )
    CustomerRequest.objects.create(
        customer=juergen,
        kind=CustomerRequest.Kind.CONTACT,
        payload={"phone": "+4923012"},
        transferred_at=timezone.now(),
    )

    asked = client.post("/kundencenter/zugang-loeschen/", {"confirm": "on"})
    assert asked["Location"].startswith("/kundencenter/bestaetigen/")
    assert User.objects.filter(pk=juergen_login.pk).exists()
    assert "noch einmal Ihr Passwort ein" in client.get(asked["Location"]).text
    # After the password, allauth resumes the request that asked for it.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    assert "Ihr Online-Zugang ist gelöscht" in page.text

    assert not User.objects.filter(pk=juergen_login.pk).exists()
    assert not EmailAddress.objects.filter(email="juergen@example.org").exists()
    assert not UserSession.objects.exists()
    assert (
        not Session.objects.filter(session_data__isnull=False)
        .exclude(expire_date__lt=timezone.now())
        .filter(session_key__in=[phone.session.session_key, client.session.session_key])
    )
    assert phone.get("/kundencenter/").status_code == 302
    # Billing master data stays; a request not yet handed over still reaches billing,
    # one already handed over was only kept for the customer to see and goes.
    assert Customer.objects.filter(customer_number="3000001").exists()
    assert Contract.objects.filter(customer=juergen).exists()
    assert list(CustomerRequest.objects.values_list("payload__phone", flat=True)) == ["+4923011"]
    assert AccessLogEntry.objects.filter(
        customer=juergen, action=AccessLogEntry.Action.ACCESS_DELETED
    ).exists()
    assert mail.outbox[-1].to == ["juergen@example.org"]
    assert "gelöscht" in mail.outbox[-1].subject

    again = Client().post(
        "/kundencenter/anmelden/", {"login": "juergen@example.org", "password": PASSWORD}
    )
    assert again.status_code == 200  # the login form again, with its error


def test_a_repeated_deletion_request_does_not_fail(juergen_login):
    first = password_confirmed(logged_in_client())
    second = password_confirmed(logged_in_client())
    first.post("/kundencenter/zugang-loeschen/", {"confirm": "on"})
    replay = second.post("/kundencenter/zugang-loeschen/", {"confirm": "on"})
    assert replay.status_code == 302


def test_deleting_needs_a_fresh_password_after_a_while(juergen_login):
    with time_machine.travel(timezone.now() - timedelta(minutes=6), tick=False):
        client = password_confirmed(logged_in_client())
    page = client.post("/kundencenter/zugang-loeschen/", {"confirm": "on"})
    assert page.status_code == 302
    assert page["Location"].startswith("/kundencenter/bestaetigen/")
    assert OnlineAccess.objects.filter(user=juergen_login).exists()


def staff_client(*, may_delete: bool) -> Client:
    staff = User.objects.create_user("sachbearbeitung", "sb@stadtwerke.example", PASSWORD)
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if may_delete:
        staff.user_permissions.add(Permission.objects.get(codename="delete_online_accesses"))
    client = Client()
    client.force_login(staff)
    return client


def test_staff_with_the_permission_delete_an_access_by_customer_number(juergen, juergen_login):
    client = staff_client(may_delete=True)
    url = "/admin/kundencenter/online-zugang-loeschen/"
    unknown = client.post(url, {"customer_number": "999", "confirm": "on"})
    assert "Zu dieser Kundennummer gibt es keinen Online-Zugang." in unknown.text

    done = client.post(url, {"customer_number": " 3000001 ", "confirm": "on"}, follow=True)
    assert "Der Online-Zugang zu Kundennummer 3000001 ist gelöscht." in done.text
    assert not OnlineAccess.objects.filter(customer=juergen).exists()
    entry = AccessLogEntry.objects.get(customer=juergen, action="access_deleted")
    assert entry.ip_address is None  # the staff member's address is not the customer's


def test_staff_without_the_permission_are_refused(juergen_login):
    client = staff_client(may_delete=False)
    page = client.post(
        "/admin/kundencenter/online-zugang-loeschen/",
        {"customer_number": "3000001", "confirm": "on"},
        follow=True,
    )
    # Wagtail's way of refusing: back to the dashboard with its message.
    assert page.redirect_chain == [("/admin/", 302)]
    assert "Sie haben leider keinen Zugang zu diesem Bereich." in page.text
    assert OnlineAccess.objects.filter(user=juergen_login).exists()
    assert "online-zugang-loeschen" not in client.get("/admin/").text
