"""Reads of the traffic app: the aggregates a statistics dashboard shows for a range
of days. Every list is one grouped query in the database."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum

from traffic.models import DailyCount, Dimension, Transition

TOP_LIMIT = 10


@dataclass(frozen=True)
class Day:
    day: date
    views: int
    hits: int
    bot_hits: int


@dataclass(frozen=True)
class Ranked:
    label: str
    count: int


@dataclass(frozen=True)
class Statistics:
    days: list[Day]
    pages: list[Ranked]
    statuses: list[Ranked]
    browsers: list[Ranked]
    systems: list[Ranked]
    devices: list[Ranked]
    referrers: list[Ranked]
    paths: list[Ranked]
    visits: int

    @property
    def views(self) -> int:
        return sum(day.views for day in self.days)

    @property
    def bot_hits(self) -> int:
        return sum(day.bot_hits for day in self.days)


def _in_range(start: date, end: date):
    return DailyCount.objects.filter(day__gte=start, day__lte=end)


def daily_totals(*, start: date, end: date) -> list[Day]:
    """One entry per day of the range, days without requests as zeros."""
    rows = (
        _in_range(start, end)
        .filter(dimension=Dimension.TOTAL)
        .values("day")
        .annotate(
            people_views=Sum("views", filter=Q(bot=False), default=0),
            people_hits=Sum("hits", filter=Q(bot=False), default=0),
            bot_hits=Sum("hits", filter=Q(bot=True), default=0),
        )
    )
    by_day = {row["day"]: row for row in rows}
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        row = by_day.get(day, {})
        days.append(
            Day(
                day=day,
                views=row.get("people_views", 0),
                hits=row.get("people_hits", 0),
                bot_hits=row.get("bot_hits", 0),
            )
        )
    return days


def top_values(
    *,
    start: date,
    end: date,
    dimension: str,
    measure: str = "views",
    exclude: tuple[str, ...] = (),
    people_only: bool = True,
    limit: int = TOP_LIMIT,
) -> list[Ranked]:
    rows = _in_range(start, end).filter(dimension=dimension).exclude(value__in=exclude)
    if people_only:
        rows = rows.filter(bot=False)
    rows = (
        rows.values("value")
        .annotate(total=Sum(measure))
        .filter(total__gt=0)
        .order_by("-total", "value")[:limit]
    )
    return [Ranked(label=row["value"], count=row["total"]) for row in rows]


def top_paths(*, start: date, end: date, limit: int = TOP_LIMIT) -> list[Ranked]:
    """The most frequent steps from one page to another (entries and exits left out)."""
    rows = (
        Transition.objects.filter(day__gte=start, day__lte=end)
        .exclude(from_path="")
        .exclude(to_path="")
        .values("from_path", "to_path")
        .annotate(total=Sum("count"))
        .order_by("-total", "from_path", "to_path")[:limit]
    )
    return [
        Ranked(label=f"{row['from_path']} → {row['to_path']}", count=row["total"]) for row in rows
    ]


def visits_count(*, start: date, end: date) -> int:
    """Visits of the usage analytics: each one begins with an entry transition."""
    return Transition.objects.filter(day__gte=start, day__lte=end, from_path="").aggregate(
        total=Sum("count", default=0)
    )["total"]


def statistics_for(*, start: date, end: date, own_host: str = "") -> Statistics:
    def top(dimension: str, **options) -> list[Ranked]:
        return top_values(start=start, end=end, dimension=dimension, **options)

    return Statistics(
        days=daily_totals(start=start, end=end),
        pages=top(Dimension.PAGE),
        # Status codes of every request, assets and bots included: errors matter there.
        statuses=top(Dimension.STATUS, measure="hits", people_only=False),
        browsers=top(Dimension.BROWSER),
        systems=top(Dimension.OS),
        devices=top(Dimension.DEVICE),
        # Links from our own pages are navigation, not referrals.
        referrers=top(Dimension.REFERRER, exclude=("", "-", own_host)),
        paths=top_paths(start=start, end=end),
        visits=visits_count(start=start, end=end),
    )


def daily_count_rows(*, start: date, end: date):
    """Every stored aggregate of the range, for the CSV download."""
    return (
        _in_range(start, end)
        .order_by("day", "dimension", "bot", "value")
        .values_list("day", "dimension", "value", "bot", "hits", "views", "bytes")
    )
