from crontask import cron
from django.tasks import task

from privacy.retention import purge


@cron("30 3 * * *")
@task
def purge_due_records() -> int:
    """The daily retention run; returns how many records it deleted."""
    return sum(result.count for result in purge())


@task
def subject_request_email_link_task(*, request_id: int) -> None:
    from privacy.subject_requests import email_link_deliver

    email_link_deliver(request_id=request_id)


@task
def access_package_link_task(*, package_id: int) -> None:
    from privacy.subject_requests import access_package_link_deliver

    access_package_link_deliver(package_id=package_id)


@task
def subject_request_mail_task(*, request_id: int, template: str, context: dict) -> None:
    from privacy.subject_requests import notification_deliver

    notification_deliver(request_id=request_id, template=template, context=context)


@task
def subject_request_officer_notice_task(*, request_id: int) -> None:
    from privacy.subject_requests import officer_notice_deliver

    officer_notice_deliver(request_id=request_id)
