"""A submitted inquiry's mails go through the database queue: a `db_worker` process
sends each once over SMTP, and the queue holds the outbox row's id and nothing about
the person."""

import json

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from inquiries import demo
from inquiries.models import Kind, OutgoingMail, Topic
from inquiries.services import inquiry_submit
from inquiries.tests.smtp_server import SMTPServer
from stadtwerk.tests.worker import DATABASE_QUEUE, worker_run

pytestmark = pytest.mark.usefixtures("transactional_db")

SEND = "inquiries.tasks.send_inquiry_mail"
PERSON = {
    "salutation": "ms",
    "name": "Erika Mustermann",
    "email": "erika@example.org",
    "phone": "0511 7654321",
    "customer_number": "1004711",
    "concern": "Mein Zähler 4711 zeigt seit Mai falsche Werte.",
}


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def topic():
    """The demo's routing, loaded while tasks still run in-process: the worker gets only
    what the submission enqueues."""
    demo.units_demo_load()
    return Topic.objects.get(kind=Kind.CONTACT, label="Rechnung und Abschlag")


def mail_id_of(task: DBTaskResult) -> int:
    return task.args_kwargs["kwargs"]["mail_id"]


def test_worker_sends_each_mail_of_the_outbox_once_and_the_queue_holds_only_its_id(
    topic, settings, smtp_server, tmp_path
):
    settings.TASKS = DATABASE_QUEUE
    inquiry = inquiry_submit(
        kind=Kind.CONTACT, data={**PERSON, "topic": topic}, wants_confirmation=True
    )
    mails = dict(OutgoingMail.objects.filter(inquiry=inquiry).values_list("pk", "purpose"))
    queued = sorted(DBTaskResult.objects.filter(task_path=SEND), key=mail_id_of)
    assert [task.status for task in queued] == [TaskResultStatus.READY] * 2
    assert [task.args_kwargs for task in queued] == [
        {"args": [], "kwargs": {"mail_id": pk}} for pk in sorted(mails)
    ]
    assert smtp_server.received == []

    worker_run(
        tmp_path,
        MAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MAIL_OPTIONS=json.dumps({"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5}),
    )

    assert sorted(mails.values()) == ["confirmation", "unit_notification"]
    assert sorted(recipients for recipients, _message in smtp_server.received) == [
        ["abrechnung@stadtwerke.example"],
        [PERSON["email"]],
    ]
    assert all(inquiry.reference in message["Subject"] for _to, message in smtp_server.received)
    sent = OutgoingMail.objects.filter(pk__in=mails)
    assert [(mail.attempts, mail.last_error) for mail in sent] == [(1, "")] * 2
    assert all(mail.sent_at for mail in sent)
    finished = DBTaskResult.objects.filter(pk__in=[task.pk for task in queued])
    assert [(task.status, task.return_value) for task in finished] == [
        (TaskResultStatus.SUCCESSFUL, True)
    ] * 2
    assert all(task.finished_at and len(task.worker_ids) == 1 for task in finished)
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
