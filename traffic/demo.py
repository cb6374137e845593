"""Sixty days of plausible statistics for a fresh checkout, so the dashboard has
something to show. The numbers come from a seeded generator: the same for every
run on the same day, and loading twice changes nothing.

They are aggregates made up directly, not counted from a log: the demo has no
access log of sixty days to count.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from traffic.models import DailyCount, Dimension, Transition

DEMO_DAYS = 60
SEED = 2026
DEMO_PASSWORD = "stadtwerk-demo"
DEMO_LOGINS = [("statistik", "Zugriffsstatistik (nur das Dashboard)")]
PAGES = {
    "/": 30,
    "/kontakt-hilfe/": 12,
    "/kontakt-hilfe/stoerungsmeldung/": 9,
    "/kontakt-hilfe/oeffnungszeiten/": 8,
    "/kontakt-hilfe/kontaktformular/": 6,
    "/kontakt-hilfe/adresse-telefonnummern/": 5,
    "/kontakt-hilfe/hilfe/": 4,
    "/kontakt-hilfe/datenschutz/": 2,
    "/kontakt-hilfe/impressum/": 1,
    "/kontakt-hilfe/suche/": 3,
    "/kundencenter/anmelden/": 14,
    "/kundencenter/": 10,
    "/kundencenter/zaehlerstand/": 6,
    "/kundencenter/rechnungen/": 5,
    "/kundencenter/abschlag/": 3,
    "/kundencenter/registrieren/": 2,
    "/kundencenter/aktivieren/<key>/": 1,
}
BROWSERS = {
    "Chrome 131": 30,
    "Chrome Mobile 131": 22,
    "Mobile Safari 18": 18,
    "Firefox 133": 9,
    "Edge 131": 11,
    "Samsung Internet 27": 5,
    "Safari 18": 5,
}
SYSTEMS = {"Windows": 38, "Android": 30, "iOS": 20, "Mac OS X": 8, "Linux": 4}
DEVICES = {"smartphone": 48, "desktop": 46, "tablet": 6}
REFERRERS = {
    "www.google.com": 40,
    "www.bing.com": 8,
    "duckduckgo.com": 6,
    "www.ecosia.org": 3,
    "www.musterstadt.example": 5,
    "www.facebook.com": 2,
}
BOT_PAGES = {"/": 5, "/robots.txt": 4, "/sitemap.xml": 3, "/kontakt-hilfe/": 2, "/wp-login.php": 2}
BOT_AGENTS = {"Googlebot": 5, "bingbot": 3, "curl": 1, "Other": 1}
#: Where visitors go next from a page (the usage analytics' page-to-page counts).
NEXT_PAGES = {
    "/": {
        "/kundencenter/anmelden/": 5,
        "/kontakt-hilfe/": 4,
        "/kontakt-hilfe/stoerungsmeldung/": 3,
        "": 4,
    },
    "/kontakt-hilfe/": {
        "/kontakt-hilfe/oeffnungszeiten/": 4,
        "/kontakt-hilfe/kontaktformular/": 3,
        "/kontakt-hilfe/adresse-telefonnummern/": 2,
        "": 2,
    },
    "/kundencenter/anmelden/": {"/kundencenter/": 8, "/kundencenter/registrieren/": 1, "": 2},
    "/kundencenter/": {"/kundencenter/zaehlerstand/": 4, "/kundencenter/rechnungen/": 3, "": 2},
}


def _spread(rng: random.Random, total: int, weights: dict[str, int]) -> Counter:
    """`total` split over the keys in proportion to their weights, with some noise."""
    return Counter(rng.choices(list(weights), weights=list(weights.values()), k=total))


def _day_rows(rng: random.Random, day: date) -> list[DailyCount]:
    weekday_factor = (1.0, 1.1, 1.0, 0.95, 0.9, 0.55, 0.5)[day.weekday()]
    start_of_month = 1.35 if day.day <= 3 else 1.0  # meter readings and invoices
    views = int(rng.gauss(420, 40) * weekday_factor * start_of_month)
    hits = int(views * rng.uniform(3.2, 3.8))
    bot_hits = int(rng.gauss(160, 25))
    rows: list[DailyCount] = []

    def add(dimension: str, value: str, *, views=0, hits=0, bot=False, size=0) -> None:
        rows.append(
            DailyCount(
                day=day,
                dimension=dimension,
                value=value,
                bot=bot,
                views=views,
                hits=hits,
                bytes=size,
            )
        )

    page_bytes = 38_000
    add(Dimension.TOTAL, "", views=views, hits=hits, size=hits * 21_000)
    for path, count in _spread(rng, views, PAGES).items():
        add(Dimension.PAGE, path, views=count, hits=count, size=count * page_bytes)
    for counter, dimension in (
        (_spread(rng, views, BROWSERS), Dimension.BROWSER),
        (_spread(rng, views, SYSTEMS), Dimension.OS),
        (_spread(rng, views, DEVICES), Dimension.DEVICE),
    ):
        for value, count in counter.items():
            add(dimension, value, views=count, hits=round(count * hits / views))
    external = int(views * 0.3)
    for host, count in _spread(rng, external, REFERRERS).items():
        add(Dimension.REFERRER, host, views=count, hits=count)
    add(Dimension.REFERRER, "", views=views - external, hits=hits - external)
    errors = rng.randint(2, 12)
    not_modified = int(hits * 0.12)
    redirects = rng.randint(10, 30)
    add(Dimension.STATUS, "200", views=views, hits=hits - errors - not_modified - redirects)
    add(Dimension.STATUS, "304", hits=not_modified)
    add(Dimension.STATUS, "302", hits=redirects)
    add(Dimension.STATUS, "404", hits=errors)

    bot_pages = _spread(rng, bot_hits, BOT_PAGES)
    bot_views = sum(count for path, count in bot_pages.items() if path in PAGES)
    add(Dimension.TOTAL, "", bot=True, views=bot_views, hits=bot_hits, size=bot_hits * 9_000)
    for path, count in bot_pages.items():
        add(Dimension.PAGE, path, bot=True, hits=count, views=count if path in PAGES else 0)
    for value, count in _spread(rng, bot_hits, BOT_AGENTS).items():
        add(Dimension.BROWSER, value, bot=True, hits=count)
    add(Dimension.DEVICE, "bot", bot=True, hits=bot_hits)
    wp_login = sum(row.hits for row in rows if row.bot and row.value == "/wp-login.php")
    add(Dimension.STATUS, "200", bot=True, hits=bot_hits - wp_login)
    if wp_login:
        add(Dimension.STATUS, "404", bot=True, hits=wp_login)
    return rows


def _day_transitions(rng: random.Random, day: date, views: int) -> list[Transition]:
    counts: Counter = Counter()
    for _visit in range(int(views * 0.35)):
        path = rng.choices(["/", "/kontakt-hilfe/", "/kundencenter/anmelden/"], [6, 2, 2])[0]
        counts[("", path)] += 1
        for _step in range(6):
            targets = NEXT_PAGES.get(path, {"": 1})
            target = rng.choices(list(targets), weights=list(targets.values()))[0]
            counts[(path, target)] += 1
            if not target:
                break
            path = target
        else:
            counts[(path, "")] += 1
    return [
        Transition(day=day, from_path=source, to_path=target, count=count)
        for (source, target), count in counts.items()
    ]


def statistics_staff_ensure() -> None:
    """A login that may see the statistics and nothing else of the admin."""
    group, _created = Group.objects.get_or_create(name="Statistik")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_statistics", content_type__app_label="traffic"),
    )
    user, created = User.objects.get_or_create(
        username="statistik",
        defaults={
            "email": "statistik@stadtwerke.example",
            "first_name": "Jonas",
            "last_name": "Becker",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(group)


@transaction.atomic
def demo_data_load(*, today: date | None = None) -> None:
    statistics_staff_ensure()
    today = today or timezone.localdate()
    first = today - timedelta(days=DEMO_DAYS)
    if DailyCount.objects.filter(day__gte=first, day__lt=today).exists():
        return
    rng = random.Random(SEED)
    counts, transitions = [], []
    for offset in range(DEMO_DAYS):
        day = first + timedelta(days=offset)
        rows = _day_rows(rng, day)
        counts.extend(rows)
        transitions.extend(_day_transitions(rng, day, rows[0].views))
    DailyCount.objects.bulk_create(counts, batch_size=1000)
    Transition.objects.bulk_create(transitions, batch_size=1000, ignore_conflicts=True)
