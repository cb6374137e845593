from crontask import cron
from django.tasks import task

from sms.services import sms_deliver, sms_deliver_due


@task
def sms_deliver_task(*, message_id: int) -> bool:
    return sms_deliver(message_id=message_id)


@cron("* * * * *")
@task
def sms_deliver_due_task() -> int:
    """Retries messages whose back-off is over, and any whose enqueue was lost."""
    return sms_deliver_due()
