"""The service centre's opening hours: a regular week with several intervals a day,
and special days that close it or change its hours."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from inquiries.models import OpeningInterval, SpecialDay
from inquiries.opening_hours import (
    open_days_ahead,
    opening_hours_on,
    opening_hours_week,
    special_days_upcoming,
    window_within_opening_hours,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(db):
    OpeningInterval.objects.create(weekday=0, opens=time(14), closes=time(18))
    OpeningInterval.objects.create(weekday=0, opens=time(8), closes=time(13))
    OpeningInterval.objects.create(weekday=5, opens=time(9), closes=time(12))


def test_week_lists_every_day_monday_first_with_its_intervals_in_order(week):
    days = opening_hours_week()

    assert [d.name for d in days] == [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ]
    assert [(i.opens, i.closes) for i in days[0].intervals] == [
        (time(8), time(13)),
        (time(14), time(18)),
    ]
    assert days[1].closed
    assert days[5].intervals[0].closes == time(12)


def test_a_date_follows_its_weekday(week):
    assert len(opening_hours_on(date(2026, 6, 15)).intervals) == 2  # a Monday
    assert opening_hours_on(date(2026, 6, 14)).closed  # a Sunday


def test_holiday_closes_the_day(week):
    SpecialDay.objects.create(date=date(2026, 6, 15), label="Betriebsausflug", closed=True)

    hours = opening_hours_on(date(2026, 6, 15))

    assert hours.closed
    assert hours.special.label == "Betriebsausflug"


def test_special_day_with_different_hours(week):
    SpecialDay.objects.create(
        date=date(2026, 12, 24), label="Heiligabend", closed=False, opens=time(8), closes=time(12)
    )

    hours = opening_hours_on(date(2026, 12, 24))

    assert [(i.opens, i.closes) for i in hours.intervals] == [(time(8), time(12))]


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        (time(8), time(9), True),
        (time(12), time(13), True),
        (time(12), time(14), False),  # spans the lunch break
        (time(7, 30), time(8, 30), False),
        (time(17), time(18), True),
        (time(17), time(18, 1), False),
    ],
)
def test_window_must_lie_within_one_interval(week, start, end, inside):
    assert window_within_opening_hours(date(2026, 6, 15), start, end) is inside


def test_open_days_ahead_skips_closed_days(week):
    days = open_days_ahead(now=None, days=7)

    assert all(not d.closed for d in days)
    assert {d.date.weekday() for d in days} <= {0, 5}


def test_special_day_needs_hours_unless_closed(db):
    day = SpecialDay(date=date(2026, 5, 1), label="x", closed=False)

    with pytest.raises(ValidationError):
        day.full_clean()
    day.opens, day.closes = time(12), time(10)
    with pytest.raises(ValidationError):
        day.full_clean()


def test_interval_must_end_after_it_begins(db):
    with pytest.raises(ValidationError):
        OpeningInterval(weekday=0, opens=time(12), closes=time(8)).full_clean()


def test_upcoming_special_days(db):
    SpecialDay.objects.create(date=date(2026, 6, 20), label="Stadtfest", closed=True)
    SpecialDay.objects.create(date=date(2026, 1, 1), label="Neujahr", closed=True)

    assert [d.label for d in special_days_upcoming(today=date(2026, 6, 15))] == ["Stadtfest"]


def test_staff_edit_opening_hours_in_the_admin(admin_client, week):
    listing = admin_client.get("/admin/snippets/inquiries/openinginterval/")
    added = admin_client.post(
        "/admin/snippets/inquiries/specialday/add/",
        {"date": "2026-10-03", "label": "Tag der Deutschen Einheit", "closed": "on"},
    )

    assert listing.status_code == 200
    assert added.status_code == 302
    assert opening_hours_on(date(2026, 10, 3)).closed


def test_week_include_renders_hours_and_special_days(week):
    from django.template.loader import render_to_string

    SpecialDay.objects.create(date=date(2026, 6, 20), label="Stadtfest", closed=True)

    html = render_to_string(
        "inquiries/includes/opening_hours_week.html",
        {
            "opening_week": opening_hours_week(),
            "special_days": special_days_upcoming(today=date(2026, 6, 15)),
        },
    )

    assert "08:00–13:00 Uhr<br>14:00–18:00 Uhr" in html
    assert "Dienstag</th><td>geschlossen" in html
    assert "Samstag, 20.06.2026 (Stadtfest): geschlossen" in html
