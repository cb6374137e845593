"""A data-subject request reaches every app through the registry: a customer with
records in the contact services, the customer centre, its access log and the SMS
service gets exactly their own records, and after erasure only what must be kept."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from inquiries.demo import units_demo_load
from inquiries.models import Inquiry, Unit
from portal.models import AccessLogEntry, BankAccount, Customer, OnlineAccess
from portal.tests.conftest import customer_create, login_create
from privacy import subject_requests
from privacy.models import RetentionHold, SubjectRequest
from privacy.registry import get_activities
from privacy.services import hold_place
from privacy.subjects import Subject, subject_export, subject_records
from sms.models import AbuseLogEntry, SmsMessage

pytestmark = pytest.mark.django_db
Kind = SubjectRequest.Kind


def records_of_everyone(customer: Customer, email: str, phone: str) -> dict[str, set[int]]:
    """Records of one person in every app, by activity key, as the test expects them."""
    unit = Unit.objects.first()
    login = login_create(customer, email)
    BankAccount.objects.create(
        customer=customer, account_holder=customer.full_name, iban="DE02120300000000202051"
    )
    contact = Inquiry.objects.create(
        kind="contact", unit=unit, name=customer.full_name, email=email, concern="Abschlag"
    )
    callback = Inquiry.objects.create(
        kind="callback",
        unit=unit,
        name=customer.full_name,
        phone=phone,
        customer_number=customer.customer_number,
        preferred_start=timezone.now() + timedelta(days=1),
    )
    log = AccessLogEntry.objects.create(
        customer=customer, action=AccessLogEntry.Action.LOGIN, ip_address="192.0.2.7"
    )
    abuse = AbuseLogEntry.objects.create(
        customer_number=customer.customer_number, at=timezone.now(), ip_address="192.0.2.7"
    )
    sms = SmsMessage.objects.create(
        customer=customer,
        day=timezone.now().date(),
        slot=1,
        parts=1,
        encoding="gsm7",
        recipient_digest="x" * 64,
        created_at=timezone.now(),
    )
    return {
        "inquiries.contact": {contact.pk},
        "inquiries.callback": {callback.pk},
        "portal.customers": {customer.pk},
        "portal.contracts": set(customer.contracts.values_list("pk", flat=True)),
        "portal.bank_accounts": {customer.bank_account.pk},
        "portal.online_access": {OnlineAccess.objects.get(user=login).pk},
        "portal.access_log": {log.pk},
        "sms.abuse_log": {abuse.pk},
        "sms.messages": {sms.pk},
        "django.accounts": {login.pk},
        "allauth.email_addresses": set(login.emailaddress_set.values_list("pk", flat=True)),
    }


@pytest.fixture
def people():
    units_demo_load()
    juergen = customer_create("3000001", "Jürgen", "Weiß", "Lüdenscheid")
    petra = customer_create("3000002", "Petra", "Klein", "Neudorf")
    return {
        "juergen": (juergen, records_of_everyone(juergen, "juergen@example.org", "+4923011")),
        "petra": (petra, records_of_everyone(petra, "petra@example.org", "+4923022")),
    }


@pytest.fixture
def dpo():
    return User.objects.create_user("dsb", "dsb@stadtwerke.example", "x", is_staff=True)


def customer_centre_request(customer: Customer, kind: str, **extra) -> SubjectRequest:
    access = OnlineAccess.objects.select_related("user").get(customer=customer)
    return subject_requests.request_receive(
        kind=kind,
        channel=SubjectRequest.Channel.CUSTOMER_CENTRE,
        user=access.user,
        customer_number_of_user=customer.customer_number,
        **extra,
    )


def exported_ids(document: dict) -> dict[str, set[int]]:
    return {
        section["activity"]: {row["id"] for row in section["records"]}
        for section in document["sections"]
    }


def test_the_access_copy_holds_exactly_the_customers_records_from_every_app(people, dpo):
    juergen, expected = people["juergen"]
    request = customer_centre_request(juergen, Kind.ACCESS)

    package = subject_requests.access_package_create(request=request, actor=dpo)

    with zipfile.ZipFile(io.BytesIO(bytes(package.archive))) as archive:
        names = sorted(archive.namelist())
        document = json.loads(archive.read(f"auskunft-{request.reference}.json"))
        assert archive.read(f"auskunft-{request.reference}.pdf").startswith(b"%PDF")
    assert names == [f"auskunft-{request.reference}.json", f"auskunft-{request.reference}.pdf"]
    found = exported_ids(document)
    for key, ids in expected.items():
        assert found.get(key) == ids, key
    # The request's own file is theirs too; nothing of Petra's is anywhere.
    assert found["privacy.subject_requests"] == {request.pk}
    petra_ids = people["petra"][1]
    assert all(not (found.get(key, set()) & ids) for key, ids in petra_ids.items())


def test_each_section_says_purpose_legal_basis_recipients_and_retention(people, dpo):
    juergen, _expected = people["juergen"]
    request = customer_centre_request(juergen, Kind.ACCESS)

    package = subject_requests.access_package_create(request=request, actor=dpo)

    with zipfile.ZipFile(io.BytesIO(bytes(package.archive))) as archive:
        document = json.loads(archive.read(f"auskunft-{request.reference}.json"))
    sms = next(s for s in document["sections"] if s["activity"] == "sms.abuse_log")
    assert sms["legal_basis"].startswith("Art. 6")
    assert sms["retention"] == "Löschung nach 90 Tagen"
    assert sms["recipients"] and sms["purpose"] and sms["title"]
    assert "password" not in json.dumps(document)


def test_after_erasure_a_second_export_finds_only_what_must_be_kept(people, dpo):
    juergen, expected = people["juergen"]
    held = Inquiry.objects.get(pk=next(iter(expected["inquiries.contact"])))
    hold_place(
        record=held,
        reason=RetentionHold.Reason.EVIDENCE,
        until=timezone.now() + timedelta(days=30),
        placed_by=dpo,
    )
    request = customer_centre_request(juergen, Kind.ERASURE)

    result = subject_requests.erasure_run(request=request, actor=dpo)

    subject = Subject(
        customer_number="3000001", emails=("juergen@example.org",), phones=("+4923011",)
    )
    left = {key: {row["id"] for row in rows} for key, rows in subject_export(subject).items()}
    kept = {
        "inquiries.contact",  # the evidence hold
        "portal.customers",  # statutory retention of billing data
        "portal.contracts",
        "portal.bank_accounts",
        "portal.online_access",  # not asked to remove the access
        "django.accounts",
        "allauth.email_addresses",
        "sms.abuse_log",  # Art. 17(3)(e)
        "privacy.subject_requests",  # proof of the answer
        "privacy.subject_request_steps",
    }
    assert set(left) == kept
    assert set(result.erased) >= {"inquiries.callback", "portal.access_log", "sms.messages"}
    reasons = {k.activity: k.reason for k in result.kept}
    assert reasons["inquiries.contact"] == "Nachweisbarkeit"
    assert "§ 147 AO" in reasons["portal.customers"]
    # Petra lost nothing.
    petra, petra_ids = people["petra"]
    petra_subject = Subject(customer_number="3000002", emails=("petra@example.org",))
    petra_left = subject_export(petra_subject)
    for key in ("inquiries.contact", "portal.access_log", "sms.messages"):
        assert {row["id"] for row in petra_left[key]} == petra_ids[key]


def test_the_erasure_report_keeps_counts_and_reasons_never_the_data(
    people, dpo, django_capture_on_commit_callbacks
):
    juergen, _expected = people["juergen"]
    request = customer_centre_request(juergen, Kind.ERASURE)

    with django_capture_on_commit_callbacks(execute=True):
        subject_requests.erasure_run(request=request, actor=dpo)

    request.refresh_from_db()
    report = json.dumps(request.erasure_report, ensure_ascii=False)
    assert request.erasure_report["erased"]["inquiries.callback"] == 1
    for personal in ("Abschlag", "+4923011", "192.0.2.7", "DE02120300000000202051"):
        assert personal not in report
    steps = " ".join(step.detail for step in request.steps.all())
    assert "Abschlag" not in steps and "192.0.2.7" not in steps
    assert mail.outbox[-1].to == ["juergen@example.org"]
    assert "§ 147 AO" in mail.outbox[-1].body
    assert "Abschlag" not in mail.outbox[-1].body


def test_an_erasure_asked_with_the_online_access_removes_the_login_too(people, dpo):
    juergen, expected = people["juergen"]
    request = customer_centre_request(juergen, Kind.ERASURE, remove_online_access=True)

    subject_requests.erasure_run(request=request, actor=dpo)

    assert not User.objects.filter(pk__in=expected["django.accounts"]).exists()
    assert not OnlineAccess.objects.filter(customer=juergen).exists()
    assert Customer.objects.filter(pk=juergen.pk).exists()
    assert OnlineAccess.objects.filter(customer=people["petra"][0]).exists()


def test_every_activity_with_records_has_a_lookup_or_says_why_not():
    for activity in get_activities():
        if activity.model:
            assert activity.subject or activity.unsearchable, activity.key


def test_every_lookup_is_a_query_an_erasure_can_run(people):
    """Each declared lookup resolves to a queryset (the erase path deletes exactly it)."""
    subject = Subject(customer_number="3000001", emails=("juergen@example.org",), phones=("+49",))
    for activity in get_activities():
        if activity.subject:
            records = subject_records(activity, subject)
            assert records is not None, activity.key
            records.count()


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_without_online_access_the_customer_number_is_verified_by_a_letter(client, people, dpo):
    petra, expected = people["petra"]
    OnlineAccess.objects.filter(customer=petra).delete()
    request = subject_requests.request_receive(
        kind=Kind.ACCESS,
        channel=SubjectRequest.Channel.LETTER,
        name="Petra Klein",
        customer_number="3000002",
        actor=dpo,
    )

    assert (
        subject_requests.postal_code_create(request=request, meter_number="Z-3000001", actor=dpo)
        is None
    )
    letter = subject_requests.postal_code_create(
        request=request, meter_number=" Z-3000002 ", actor=dpo
    )

    text = pdf_text(letter)
    assert "Petra Klein" in text and "12345 Neudorf" in text and request.reference in text
    code = re.search(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", text).group(0)
    wrong = client.post(
        "/betroffenenrechte/code/", {"reference": request.reference, "code": "0000-0000-0000"}
    )
    assert "passen nicht zusammen" in wrong.content.decode()
    right = client.post(
        "/betroffenenrechte/code/", {"reference": request.reference.lower(), "code": code.lower()}
    )
    assert "Vielen Dank" in right.content.decode()
    request.refresh_from_db()
    assert request.verification == SubjectRequest.Verification.POST
    package = subject_requests.access_package_create(request=request, actor=dpo)
    # Found by the verified customer number only; no address was verified, so no mail.
    with zipfile.ZipFile(io.BytesIO(bytes(package.archive))) as archive:
        document = json.loads(archive.read(f"auskunft-{request.reference}.json"))
    found = exported_ids(document)
    assert found["portal.customers"] == expected["portal.customers"]
    assert found["sms.abuse_log"] == expected["sms.abuse_log"]
    assert "inquiries.contact" not in found  # kept under her e-mail, which nobody verified
    assert mail.outbox == []


def test_five_wrong_codes_use_up_the_letter(client, people, dpo):
    petra, _expected = people["petra"]
    request = subject_requests.request_receive(
        kind=Kind.ACCESS,
        channel=SubjectRequest.Channel.LETTER,
        customer_number="3000002",
        actor=dpo,
    )
    letter = subject_requests.postal_code_create(
        request=request, meter_number="Z-3000002", actor=dpo
    )
    code = re.search(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", pdf_text(letter)).group(0)

    for _ in range(5):
        client.post("/betroffenenrechte/code/", {"reference": request.reference, "code": "ABCD"})
    client.post("/betroffenenrechte/code/", {"reference": request.reference, "code": code})

    request.refresh_from_db()
    assert request.identity_verified_at is None


def test_a_confirmed_address_of_the_online_access_verifies_the_customer_number(
    client, people, dpo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = subject_requests.request_receive(
            kind=Kind.ACCESS,
            channel=SubjectRequest.Channel.FORM,
            email="Juergen@Example.org",
            customer_number="3000001",
        )
    link = re.search(r"http://\S+(/betroffenenrechte/bestaetigen/\S+/)", mail.outbox[0].body)
    client.post(link.group(1))

    request.refresh_from_db()
    assert request.verification == SubjectRequest.Verification.ONLINE_ACCESS_EMAIL
    assert subject_requests.verified_subject(request).customer_number == "3000001"


def test_a_confirmed_address_alone_does_not_unlock_someone_elses_customer_number(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = subject_requests.request_receive(
            kind=Kind.ACCESS,
            channel=SubjectRequest.Channel.FORM,
            email="mallory@example.org",
            customer_number="3000001",
        )
    link = re.search(r"http://\S+(/betroffenenrechte/bestaetigen/\S+/)", mail.outbox[0].body)
    client.post(link.group(1))

    request.refresh_from_db()
    assert request.email_verified_at is not None
    assert request.identity_verified_at is None
    with pytest.raises(subject_requests.NotVerified):
        subject_requests.verified_subject(request)


def test_an_erasure_never_removes_a_staff_login_with_the_same_address(people, dpo):
    juergen, _expected = people["juergen"]
    staff = User.objects.create_user("kollege", "juergen@example.org", "x", is_staff=True)
    request = customer_centre_request(juergen, Kind.ERASURE, remove_online_access=True)

    result = subject_requests.erasure_run(request=request, actor=dpo)

    assert User.objects.filter(pk=staff.pk).exists()
    assert any(k.activity == "django.accounts" and k.count == 1 for k in result.kept)
