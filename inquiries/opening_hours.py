"""Opening hours of the customer service centre: the regular week and special days."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from inquiries.models import OpeningInterval, SpecialDay, Weekday


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time

    def contains(self, start: time, end: time) -> bool:
        return self.opens <= start < end <= self.closes


@dataclass(frozen=True)
class WeekdayHours:
    weekday: int
    name: str
    intervals: tuple[Interval, ...]

    @property
    def closed(self) -> bool:
        return not self.intervals


@dataclass(frozen=True)
class DayHours:
    date: date
    intervals: tuple[Interval, ...]
    special: SpecialDay | None = None

    @property
    def closed(self) -> bool:
        return not self.intervals


def opening_hours_week() -> list[WeekdayHours]:
    """The regular week, Monday first; a day without intervals is closed."""
    by_day: dict[int, list[Interval]] = {day: [] for day in Weekday.values}
    for row in OpeningInterval.objects.all():
        by_day[row.weekday].append(Interval(row.opens, row.closes))
    return [
        WeekdayHours(weekday=day, name=str(Weekday(day).label), intervals=tuple(by_day[day]))
        for day in Weekday.values
    ]


def opening_hours_on(day: date) -> DayHours:
    """The hours of one date: a special day replaces the regular week."""
    special = SpecialDay.objects.filter(date=day).first()
    if special is not None:
        if special.closed or special.opens is None or special.closes is None:
            return DayHours(date=day, intervals=(), special=special)
        return DayHours(
            date=day, intervals=(Interval(special.opens, special.closes),), special=special
        )
    rows = OpeningInterval.objects.filter(weekday=day.weekday())
    return DayHours(date=day, intervals=tuple(Interval(r.opens, r.closes) for r in rows))


def special_days_upcoming(*, today: date | None = None, days: int = 60) -> list[SpecialDay]:
    today = today or timezone.localdate()
    return list(SpecialDay.objects.filter(date__gte=today, date__lte=today + timedelta(days=days)))


def window_within_opening_hours(day: date, start: time, end: time) -> bool:
    return any(interval.contains(start, end) for interval in opening_hours_on(day).intervals)


def open_days_ahead(*, now: datetime | None = None, days: int = 14) -> list[DayHours]:
    """The next days on which the centre is open, from today, for the callback form."""
    today = timezone.localdate(now)
    found = []
    for offset in range(days):
        hours = opening_hours_on(today + timedelta(days=offset))
        if not hours.closed:
            found.append(hours)
    return found
