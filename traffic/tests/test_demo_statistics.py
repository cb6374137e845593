"""A fresh checkout shows sixty days of plausible, repeatable statistics."""

from datetime import date

import pytest
from django.db.models import Sum

from traffic import demo
from traffic.models import DailyCount, Transition

TODAY = date(2026, 11, 30)
pytestmark = [pytest.mark.django_db]


def _snapshot():
    return sorted(DailyCount.objects.values_list("day", "dimension", "value", "bot", "views"))


def test_sixty_days_that_add_up_and_load_only_once():
    demo.demo_data_load(today=TODAY)
    first = _snapshot()
    demo.demo_data_load(today=TODAY)

    assert _snapshot() == first
    days = list(DailyCount.objects.dates("day", "day"))
    assert len(days) == 60 and days[0] == date(2026, 10, 1) and days[-1] == date(2026, 11, 29)
    for dimension in ("page", "browser", "os", "device", "referrer", "status"):
        per_dimension = DailyCount.objects.filter(dimension=dimension, bot=False)
        totals = DailyCount.objects.filter(dimension="total", bot=False)
        assert per_dimension.aggregate(v=Sum("views")) == totals.aggregate(v=Sum("views"))
    assert Transition.objects.filter(from_path="").aggregate(c=Sum("count"))["c"] > 1000


def test_the_same_day_gives_the_same_numbers():
    demo.demo_data_load(today=TODAY)
    first = _snapshot()
    DailyCount.objects.all().delete()
    demo.demo_data_load(today=TODAY)

    assert _snapshot() == first


def test_the_statistics_login_sees_the_dashboard(client):
    demo.demo_data_load()

    assert client.login(username="statistik", password=demo.DEMO_PASSWORD)
    page = client.get("/admin/statistik/").content.decode()

    assert "/kundencenter/anmelden/" in page
    assert "www.google.com" in page
