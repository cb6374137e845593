"""A request's deadline, its identity checks and its answer, as the subject and the
DPO meet them: nothing is released, erased or mailed before it is verified."""

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from privacy import subject_requests
from privacy.models import SubjectRequest, SubjectRequestStep
from privacy.subject_requests import NotVerified, RequestClosed, months_later
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Account, Ticket

pytestmark = pytest.mark.django_db
Kind = SubjectRequest.Kind
Channel = SubjectRequest.Channel


@pytest.fixture
def dpo():
    return User.objects.create_user("dsb", "dsb@stadtwerke.example", "x", is_staff=True)


@pytest.fixture
def anna_records(clock):
    return {
        "account": Account.objects.create(customer_number="100200", email="anna@example.org"),
        "ticket": Ticket.objects.create(
            kind="contact", email="anna@example.org", concern="Abschlag"
        ),
        "other": Ticket.objects.create(kind="contact", email="bernd@example.org", concern="Zähler"),
    }


def form_request(django_capture_on_commit_callbacks, **fields) -> SubjectRequest:
    with django_capture_on_commit_callbacks(execute=True):
        return subject_requests.request_receive(
            kind=fields.pop("kind", Kind.ACCESS),
            channel=Channel.FORM,
            name="Anna Berg",
            email=fields.pop("email", "anna@example.org"),
            **fields,
        )


def link_from(message, name: str) -> str:
    found = re.search(rf"http://\S+(/betroffenenrechte/{name}/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 20), date(2027, 1, 20)),
    ],
)
def test_the_answer_is_due_one_month_after_receipt(received, due):
    assert months_later(received, 1) == due


def test_receipt_late_in_the_evening_counts_in_german_time(clock):
    # 23:30 in Berlin on 31 March is already 1 April there, not 31 March as in UTC.
    received_at = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)

    request = subject_requests.request_receive(
        kind=Kind.ACCESS, channel=Channel.LETTER, email="a@example.org", received_at=received_at
    )

    assert request.due_on == date(2026, 5, 1)
    assert re.fullmatch(r"DS-2026-\d{5}", request.reference)


def test_a_request_becomes_overdue_the_day_after_its_deadline(clock, dpo):
    request = subject_requests.request_receive(
        kind=Kind.ACCESS, channel=Channel.LETTER, email="a@example.org", actor=dpo
    )

    clock.move_to(datetime(2026, 7, 15, 20, 0, tzinfo=UTC))
    assert not subject_requests.is_overdue(request)
    assert list(subject_requests.requests_overdue()) == []
    clock.move_to(datetime(2026, 7, 16, 8, 0, tzinfo=UTC))
    assert subject_requests.is_overdue(request)
    assert list(subject_requests.requests_overdue()) == [request]


def test_the_deadline_is_extended_once_by_two_months_with_its_reason(clock, dpo):
    request = subject_requests.request_receive(
        kind=Kind.ACCESS, channel=Channel.LETTER, email="a@example.org", actor=dpo
    )

    subject_requests.deadline_extend(request=request, reason="Umfangreiche Akten", actor=dpo)

    request.refresh_from_db()
    assert request.due_on == date(2026, 7, 15)
    assert request.deadline == date(2026, 9, 15)
    clock.move_to(datetime(2026, 8, 1, tzinfo=UTC))
    assert not subject_requests.is_overdue(request)
    step = request.steps.get(action=SubjectRequestStep.Action.EXTENDED)
    assert (step.actor, step.detail) == (dpo, "Umfangreiche Akten")
    with pytest.raises(ValueError):
        subject_requests.deadline_extend(request=request, reason="noch mal", actor=dpo)


def test_the_form_mails_a_confirmation_link_and_tells_the_officer_nothing_more(
    anna_records, dpo, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks)

    link_mail, officer_notice = mail.outbox
    assert link_mail.to == ["anna@example.org"]
    assert officer_notice.to == ["datenschutz@stadtwerke.example"]
    assert request.reference in officer_notice.subject
    assert f"/admin/datenschutz/antraege/{request.pk}/" in officer_notice.body
    for sent in mail.outbox:
        assert "Abschlag" not in sent.body and "Anna Berg" not in sent.body
    with pytest.raises(NotVerified):
        subject_requests.access_package_create(request=request, actor=dpo)
    with pytest.raises(NotVerified):
        subject_requests.erasure_run(request=request, actor=dpo)
    assert Ticket.objects.count() == 2


def test_an_unverified_request_mails_nothing_when_rejected_or_extended(
    anna_records, dpo, django_capture_on_commit_callbacks
):
    request = subject_requests.request_receive(
        kind=Kind.ACCESS, channel=Channel.LETTER, email="anna@example.org", actor=dpo
    )

    with django_capture_on_commit_callbacks(execute=True):
        subject_requests.deadline_extend(request=request, reason="Rückfrage", actor=dpo)
        subject_requests.request_close(
            request=request, actor=dpo, note="Nicht zuzuordnen", rejected=True
        )

    assert mail.outbox == []


def test_following_the_link_shows_a_button_and_only_the_button_confirms(
    client, anna_records, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0], "bestaetigen")

    page = client.get(link)
    request.refresh_from_db()
    assert page.status_code == 200
    assert "Ja, das bin ich" in page.content.decode()
    assert request.email_verified_at is None

    done = client.post(link)
    request.refresh_from_db()
    assert "Vielen Dank" in done.content.decode()
    assert request.email_verified_at is not None
    assert request.identity_verified_at is not None
    assert request.verification == SubjectRequest.Verification.EMAIL
    assert client.post(link).status_code == 404


def test_an_old_or_made_up_link_is_refused_with_a_german_page(
    client, clock, anna_records, django_capture_on_commit_callbacks
):
    form_request(django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0], "bestaetigen")

    clock.move_to(NOW + timedelta(days=8))
    for address in (link, "/betroffenenrechte/bestaetigen/ausgedacht/", link + "%00"):
        response = client.post(address)
        assert response.status_code == 404
    assert "Dieser Link gilt nicht mehr" in client.get(link).content.decode()


def test_a_verified_access_request_is_answered_by_a_single_use_download(
    client, anna_records, dpo, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks)
    client.post(link_from(mail.outbox[0], "bestaetigen"))
    request.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        subject_requests.access_package_create(request=request, actor=dpo)

    link = link_from(mail.outbox[-1], "auskunft")
    assert "Jetzt herunterladen" in client.get(link).content.decode()
    download = client.post(link)
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        document = archive.read(f"auskunft-{request.reference}.json").decode()
    assert "Abschlag" in document and "Zähler" not in document
    assert client.post(link).status_code == 404
    request.refresh_from_db()
    assert request.status == SubjectRequest.Status.ANSWERED
    actions = list(request.steps.values_list("action", flat=True))
    assert actions[-1] == SubjectRequestStep.Action.PACKAGE_DOWNLOADED


def test_the_download_expires_with_the_declared_period(
    client, clock, anna_records, dpo, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks)
    client.post(link_from(mail.outbox[0], "bestaetigen"))
    with django_capture_on_commit_callbacks(execute=True):
        subject_requests.access_package_create(request=request, actor=dpo)
    link = link_from(mail.outbox[-1], "auskunft")

    clock.move_to(NOW + timedelta(days=15))

    assert client.post(link).status_code == 404


def test_an_answered_request_takes_no_second_answer(
    client, anna_records, dpo, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks, kind=Kind.OBJECTION)
    client.post(link_from(mail.outbox[0], "bestaetigen"))
    request.refresh_from_db()

    subject_requests.request_close(request=request, actor=dpo, note="Widerspruch umgesetzt")

    with pytest.raises(RequestClosed):
        subject_requests.request_close(request=request, actor=dpo, note="nochmal")
    actions = set(request.steps.values_list("action", flat=True))
    assert SubjectRequestStep.Action.OBJECTION_RECORDED in actions


def test_the_code_page_refuses_wrong_codes_in_german(client, anna_records):
    response = client.post("/betroffenenrechte/code/", {"reference": "DS-2026-00001", "code": "X"})

    assert response.status_code == 200
    assert "passen nicht zusammen" in response.content.decode()
    empty = client.post("/betroffenenrechte/code/", {"reference": "", "code": ""})
    assert "Dieses Feld muss ausgefüllt werden." in empty.content.decode()


def test_the_answer_to_an_objection_points_to_the_one_click_objection(
    client, anna_records, dpo, django_capture_on_commit_callbacks
):
    request = form_request(django_capture_on_commit_callbacks, kind=Kind.OBJECTION)
    client.post(link_from(mail.outbox[0], "bestaetigen"))
    request.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        subject_requests.request_close(request=request, actor=dpo, note="Werbung gesperrt")

    answer = mail.outbox[-1].body
    assert "Werbung gesperrt" in answer
    assert "Nutzungsanalyse" in answer
    assert "/kontakt-hilfe/datenschutz/" in answer


def test_the_requests_command_lists_open_requests_and_fails_when_one_is_late(clock, dpo):
    on_time = subject_requests.request_receive(
        kind=Kind.ACCESS, channel=Channel.LETTER, email="a@example.org", actor=dpo
    )
    clock.move_to(NOW + timedelta(days=20))
    later = subject_requests.request_receive(
        kind=Kind.ERASURE, channel=Channel.PHONE, phone="+492341", actor=dpo
    )

    out = StringIO()
    call_command("privacy", "requests", stdout=out)
    assert "2 offene Anträge, davon 0 überfällig." in out.getvalue()

    clock.move_to(NOW + timedelta(days=40))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("privacy", "requests", stdout=out)
    assert exit_status.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(on_time.reference) and lines[0].endswith("ÜBERFÄLLIG")
    assert lines[1].startswith(later.reference) and "ÜBERFÄLLIG" not in lines[1]
    assert "Frist 15.07.2026" in lines[0]
