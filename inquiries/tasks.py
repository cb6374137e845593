from crontask import cron
from django.tasks import task

from inquiries.mail import outgoing_mail_prune, outgoing_mail_send, outgoing_mail_send_due


@task
def send_inquiry_mail(*, mail_id: int) -> bool:
    return outgoing_mail_send(mail_id=mail_id)


@cron("* * * * *")
@task
def send_due_inquiry_mails() -> int:
    """Retries failed mails when their back-off is over, and any whose enqueue was lost."""
    return outgoing_mail_send_due()


@cron("45 3 * * *")
@task
def prune_sent_inquiry_mails() -> int:
    return outgoing_mail_prune()
