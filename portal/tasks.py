from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from portal.services import (
    activation_letter_request,
    activation_resend,
    failed_login_record,
    mail_send,
    password_reset_request,
    registration_check,
)


@task
def registration_check_task(*, pending_id: int) -> None:
    registration_check(pending_id=pending_id)


@task
def activation_resend_task(*, email: str) -> None:
    activation_resend(email=email)


@task
def activation_letter_request_task(*, email: str) -> None:
    activation_letter_request(email=email)


@task
def mail_deliver_task(*, subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Deliver a mail rendered during a request, so the request never waits for SMTP."""
    message = EmailMultiAlternatives(subject, body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@task
def online_access_deleted_mail_task(*, email: str) -> None:
    mail_send(template="access_deleted", to=email, context={})


@task
def failed_login_record_task(*, email: str, ip_address: str, at: str) -> None:
    failed_login_record(email=email, ip_address=ip_address, at=at)


@task
def password_reset_request_task(*, email: str) -> None:
    password_reset_request(email=email)
