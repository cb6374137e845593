from datetime import date, datetime, timedelta

from django.db.models import QuerySet, Sum

from portal.models import Customer
from sms import conf
from sms.models import SmsDailyCount, SmsMessage
from sms.services import BUDGET, REFUSED, sms_day


def sms_left_today(*, customer: Customer, now: datetime | None = None) -> int:
    """Free SMS the customer may still send today (Berlin calendar day)."""
    used = SmsMessage.objects.filter(
        customer=customer, day=sms_day(now), slot__isnull=False
    ).count()
    return max(0, conf.daily_quota() - used)


def sms_list_for_customer(*, customer: Customer, limit: int = 20) -> QuerySet[SmsMessage]:
    return SmsMessage.objects.filter(customer=customer)[:limit]


def sms_day_statistics(*, day: date) -> dict:
    """Messages of a day against the budget and refusals by reason, for staff."""
    counts = SmsDailyCount.objects.filter(day=day)
    refused = {
        row.key.removeprefix(REFUSED): row.used for row in counts.filter(key__startswith=REFUSED)
    }
    budget_used = counts.filter(key=BUDGET).aggregate(used=Sum("used"))["used"] or 0
    return {"budget": conf.daily_budget(), "used": budget_used, "refused": refused}


def sms_recent_days_statistics(*, days: int = 14) -> list[dict]:
    """The statistics of the last `days` days, newest first, for the staff overview."""
    today = sms_day()
    return [
        {"day": day, **sms_day_statistics(day=day)}
        for day in (today - timedelta(days=n) for n in range(days))
    ]


def sms_waiting_count() -> int:
    """Messages still waiting for the gateway: many of them mean it is down."""
    return SmsMessage.objects.filter(state=SmsMessage.State.QUEUED).count()
