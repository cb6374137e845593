"""Five free SMS per customer and Berlin calendar day; the sixth is refused, and the
count starts again at midnight in Berlin, also on the days the clocks change."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.tests.conftest import customer_create
from sms.models import SmsMessage
from sms.selectors import sms_left_today
from sms.services import SmsRefused
from sms.tests.helpers import send

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_the_fifth_sms_is_accepted_and_the_sixth_refused(customer):
    for left in (4, 3, 2, 1, 0):
        send(customer)
        assert sms_left_today(customer=customer) == left
    with pytest.raises(SmsRefused) as refused:
        send(customer)
    assert refused.value.reason == "quota"
    assert "alle 5 kostenlosen SMS" in str(refused.value.message)
    assert SmsMessage.objects.filter(customer=customer).count() == 5


def test_the_quota_is_per_customer(customer, db):
    neighbour = customer_create("4000002", "Egon", "Olsen", "Neustadt")
    for _ in range(5):
        send(customer)
    send(neighbour)
    assert sms_left_today(customer=neighbour) == 4


@pytest.mark.parametrize(
    ("last_minute", "next_midnight"),
    [
        pytest.param(berlin(2026, 12, 1, 23, 59, 59), berlin(2026, 12, 2, 0, 0), id="winter"),
        pytest.param(berlin(2026, 7, 1, 23, 59, 59), berlin(2026, 7, 2, 0, 0), id="summer"),
        # 29 March 2026 has 23 hours (02:00 becomes 03:00).
        pytest.param(berlin(2026, 3, 29, 23, 59, 59), berlin(2026, 3, 30, 0, 0), id="spring-dst"),
        # 25 October 2026 has 25 hours (03:00 becomes 02:00 again).
        pytest.param(berlin(2026, 10, 25, 23, 59, 59), berlin(2026, 10, 26, 0, 0), id="autumn-dst"),
    ],
)
def test_the_count_starts_again_at_midnight_in_berlin(customer, last_minute, next_midnight):
    day_start = last_minute.replace(hour=0, minute=0, second=30)
    with time_machine.travel(day_start, tick=False):
        for _ in range(5):
            send(customer)
    with time_machine.travel(last_minute, tick=False):
        assert sms_left_today(customer=customer) == 0
        with pytest.raises(SmsRefused):
            send(customer)
    with time_machine.travel(next_midnight, tick=False):
        assert sms_left_today(customer=customer) == 5
        send(customer)
        assert sms_left_today(customer=customer) == 4


def test_the_hour_that_repeats_in_autumn_belongs_to_the_same_day(customer):
    # 02:30 happens twice on 25 October 2026: once in summer time, once in winter time.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    with time_machine.travel(first, tick=False):
        for _ in range(3):
            send(customer)
    with time_machine.travel(second, tick=False):
        for _ in range(2):
            send(customer)
        with pytest.raises(SmsRefused):
            send(customer)


def test_midnight_in_utc_is_not_midnight_in_berlin(customer):
    with time_machine.travel(berlin(2026, 12, 1, 0, 30), tick=False):
        for _ in range(5):
            send(customer)
    # 23:00 UTC on 1 December is midnight of 2 December in Berlin (winter time, UTC+1).
    with time_machine.travel(datetime(2026, 12, 1, 22, 59, tzinfo=ZoneInfo("UTC")), tick=False):
        assert sms_left_today(customer=customer) == 0
    with time_machine.travel(datetime(2026, 12, 1, 23, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert sms_left_today(customer=customer) == 5


def test_a_refused_sms_leaves_no_trace_in_the_quota(customer, settings):
    settings.SMS_DAILY_BUDGET = 0
    with pytest.raises(SmsRefused):
        send(customer)
    assert sms_left_today(customer=customer) == 5
    assert not SmsMessage.objects.exists()
