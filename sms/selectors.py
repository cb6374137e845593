from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet

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


def _statistics_by_day(first: date, last: date) -> dict[date, dict]:
    """Budget used and refusals by reason for each day from first to last, in one query."""
    days = {}
    day = last
    while day >= first:
        days[day] = {"budget": conf.daily_budget(), "used": 0, "refused": {}}
        day -= timedelta(days=1)
    counts = SmsDailyCount.objects.filter(day__range=(first, last)).filter(
        Q(key=BUDGET) | Q(key__startswith=REFUSED)
    )
    for day, key, used in counts.values_list("day", "key", "used"):
        if key == BUDGET:
            days[day]["used"] += used
        else:
            days[day]["refused"][key.removeprefix(REFUSED)] = used
    return days


def sms_day_statistics(*, day: date) -> dict:
    """Messages of a day against the budget and refusals by reason, for staff."""
    return _statistics_by_day(day, day)[day]


def sms_recent_days_statistics(*, days: int = 14) -> list[dict]:
    """The statistics of the last `days` days, newest first, for the staff overview."""
    today = sms_day()
    by_day = _statistics_by_day(today - timedelta(days=days - 1), today)
    return [{"day": day, **statistics} for day, statistics in by_day.items()]


def sms_waiting_count() -> int:
    """Messages still waiting for the gateway: many of them mean it is down."""
    return SmsMessage.objects.filter(state=SmsMessage.State.QUEUED).count()
