"""Demo units, routing, opening hours, staff logins and a few inquiries; safe to load twice."""

from datetime import date, time, timedelta

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from inquiries.models import (
    FormRoute,
    Inquiry,
    Kind,
    OpeningInterval,
    SpecialDay,
    Topic,
    Unit,
)

DEMO_PASSWORD = "stadtwerk-demo"

# (slug, name, group, confidential, handles callbacks, mailbox)
UNITS = [
    (
        "kundenservice",
        "Kundenservicecenter",
        "Kundenservice",
        False,
        True,
        "kundenservice@stadtwerke.example",
    ),
    ("abrechnung", "Abrechnung", "Abrechnung", False, False, "abrechnung@stadtwerke.example"),
    (
        "netzbetrieb",
        "Netzbetrieb und Entstörung",
        "Netzbetrieb",
        False,
        False,
        "netz@stadtwerke.example",
    ),
    (
        "qualitaet",
        "Qualitäts- und Beschwerdemanagement",
        "Beschwerdemanagement",
        False,
        False,
        "qm@stadtwerke.example",
    ),
    (
        "datenschutz",
        "Datenschutzbeauftragte",
        "Datenschutz",
        True,
        False,
        "datenschutz@stadtwerke.example",
    ),
    (
        "gleichbehandlung",
        "Gleichbehandlungsbeauftragter",
        "Gleichbehandlung",
        True,
        False,
        "gleichbehandlung@stadtwerke.example",
    ),
]

TOPICS = [
    (Kind.CONTACT, "Rechnung und Abschlag", "abrechnung"),
    (Kind.CONTACT, "Zählerstand", "abrechnung"),
    (Kind.CONTACT, "Vertrag und Tarife", "kundenservice"),
    (Kind.CONTACT, "Umzug", "kundenservice"),
    (Kind.CONTACT, "Online-Kundencenter", "kundenservice"),
    # The privacy policy promises deletion of the online access on request.
    (Kind.CONTACT, "Online-Zugang löschen", "kundenservice"),
    (Kind.CONTACT, "Sonstiges", "kundenservice"),
    (Kind.CALLBACK, "Rechnung und Abschlag", "kundenservice"),
    (Kind.CALLBACK, "Vertrag und Tarife", "kundenservice"),
    (Kind.CALLBACK, "Sonstiges", "kundenservice"),
    (Kind.OUTAGE, "Strom", "netzbetrieb"),
    (Kind.OUTAGE, "Gas", "netzbetrieb"),
    (Kind.OUTAGE, "Wasser", "netzbetrieb"),
    (Kind.OUTAGE, "Fernwärme", "netzbetrieb"),
]

ROUTES = [
    (Kind.CONTACT, "kundenservice", True),
    (Kind.CALLBACK, "kundenservice", False),
    (Kind.PRIVACY_OFFICER, "datenschutz", True),
    (Kind.EQUALITY_OFFICER, "gleichbehandlung", True),
    (Kind.FEEDBACK, "qualitaet", True),
    (Kind.OUTAGE, "netzbetrieb", False),
]

WEEK = [
    (0, time(8), time(13)),
    (0, time(14), time(18)),
    (1, time(8), time(13)),
    (1, time(14), time(18)),
    (2, time(8), time(13)),
    (3, time(8), time(13)),
    (3, time(14), time(18)),
    (4, time(8), time(13)),
    (5, time(9), time(12)),
]

# (username, first name, last name, groups)
STAFF = [
    ("kundenservice", "Jonas", "Berger", ["Kundenservice"]),
    ("abrechnung", "Aylin", "Demir", ["Abrechnung"]),
    ("netz", "Mark", "Ostermann", ["Netzbetrieb"]),
    ("gleichbehandlung", "Tobias", "Lang", ["Gleichbehandlung"]),
    ("datenschutz-vertretung", "Sina", "Keller", ["Datenschutz"]),
]
DEMO_LOGINS = [
    ("kundenservice", "Kundenservicecenter (Posteingang, Rückrufliste)"),
    ("netz", "Netzbetrieb (Störungsmeldungen)"),
    ("gleichbehandlung", "Gleichbehandlungsbeauftragter"),
    ("datenschutz-vertretung", "Vertretung der Datenschutzbeauftragten"),
]


def _holidays(year: int) -> list[tuple[date, str, time | None, time | None]]:
    return [
        (date(year, 1, 1), "Neujahr", None, None),
        (date(year, 5, 1), "Tag der Arbeit", None, None),
        (date(year, 10, 3), "Tag der Deutschen Einheit", None, None),
        (date(year, 12, 24), "Heiligabend", time(8), time(12)),
        (date(year, 12, 25), "1. Weihnachtstag", None, None),
        (date(year, 12, 26), "2. Weihnachtstag", None, None),
        (date(year, 12, 31), "Silvester", time(8), time(12)),
    ]


def opening_hours_demo_load() -> None:
    if not OpeningInterval.objects.exists():
        OpeningInterval.objects.bulk_create(
            OpeningInterval(weekday=day, opens=opens, closes=closes) for day, opens, closes in WEEK
        )
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        for day, label, opens, closes in _holidays(year):
            SpecialDay.objects.get_or_create(
                date=day,
                defaults={
                    "label": label,
                    "closed": opens is None,
                    "opens": opens,
                    "closes": closes,
                },
            )


def _staff_group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    return group


def units_demo_load() -> dict[str, Unit]:
    units = {}
    for slug, name, group_name, confidential, callbacks, mailbox in UNITS:
        units[slug], _created = Unit.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "group": _staff_group(group_name),
                "confidential": confidential,
                "handles_callbacks": callbacks,
                "notification_email": mailbox,
            },
        )
    for position, (kind, label, slug) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            kind=kind, label=label, defaults={"unit": units[slug], "sort_order": position}
        )
    for kind, slug, confirmation in ROUTES:
        FormRoute.objects.get_or_create(
            kind=kind, defaults={"unit": units[slug], "send_confirmation": confirmation}
        )
    return units


def staff_demo_load() -> None:
    for username, first, last, groups in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@stadtwerke.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*(_staff_group(name) for name in groups))
    # The administrator helps out in the general units, never in the officers' ones.
    admin = User.objects.filter(username="admin").first()
    if admin:
        admin.groups.add(
            *(
                Group.objects.get(name=g)
                for g in ("Kundenservice", "Abrechnung", "Netzbetrieb", "Beschwerdemanagement")
            )
        )


def _next_open_day(today: date) -> date:
    day = today + timedelta(days=1)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day


def inquiries_demo_load() -> None:
    if Inquiry.objects.exists():
        return
    units = {unit.slug: unit for unit in Unit.objects.all()}
    topic = {(t.kind, t.label): t for t in Topic.objects.all()}
    tomorrow = _next_open_day(timezone.localdate())
    examples = [
        Inquiry(
            kind=Kind.CONTACT,
            unit=units["abrechnung"],
            topic=topic[(Kind.CONTACT, "Rechnung und Abschlag")],
            topic_label="Rechnung und Abschlag",
            salutation="ms",
            name="Erika Mustermann",
            email="erika.mustermann@example.org",
            customer_number="1004711",
            concern="Mein Abschlag wurde nach dem Zählerwechsel verdoppelt. Bitte prüfen Sie das.",
        ),
        Inquiry(
            kind=Kind.CALLBACK,
            unit=units["kundenservice"],
            topic=topic[(Kind.CALLBACK, "Vertrag und Tarife")],
            topic_label="Vertrag und Tarife",
            name="Max Beispiel",
            phone="+495111234567",
            preferred_date=tomorrow,
            preferred_from=time(9),
            preferred_until=time(10),
            preferred_start=timezone.make_aware(timezone.datetime.combine(tomorrow, time(9))),
        ),
        Inquiry(
            kind=Kind.OUTAGE,
            unit=units["netzbetrieb"],
            topic=topic[(Kind.OUTAGE, "Strom")],
            topic_label="Strom",
            location="Lindenallee 12",
            concern="Straßenlaterne vor dem Haus flackert seit zwei Tagen.",
        ),
        Inquiry(
            kind=Kind.FEEDBACK,
            unit=units["qualitaet"],
            feedback_type="praise",
            salutation="mr",
            name="Paul Schmidt",
            email="paul.schmidt@example.org",
            concern="Der Monteur war pünktlich und sehr freundlich. Vielen Dank!",
        ),
        Inquiry(
            kind=Kind.PRIVACY_OFFICER,
            unit=units["datenschutz"],
            salutation="none",
            name="Alex Weber",
            email="alex.weber@example.org",
            concern="Welche Daten speichern Sie über mich?",
        ),
    ]
    for inquiry in examples:
        inquiry.save()


@transaction.atomic
def demo_data_load() -> None:
    """Everything the contact services need for a demo; call after the staff logins exist."""
    opening_hours_demo_load()
    units_demo_load()
    staff_demo_load()
    inquiries_demo_load()
