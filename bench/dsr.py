"""Benchmark of data-subject requests (GDPR Art. 15 and 17) on PostgreSQL at scale.

    .venv/bin/python -m bench.dsr [--customers 100000] [--subjects 20] [--seed 1]
                                  [--keep] [--database NAME] [--no-pdf]

Creates a throw-away PostgreSQL database (on the server of ``BENCH_POSTGRES``, by
default postgres@127.0.0.1:5432), migrates it and loads, with COPY, customers with
their contracts, meter points, meters, readings, instalments, invoices and bank
details, online accesses (user, allauth e-mail addresses, second factors, sessions,
confirmations), the customer centre's access log, activation letters and customer
requests, inquiries of every form with their processing steps and a few retention
holds, SMS with the abuse log, and data-subject requests with steps and packages:
several rows per customer, about four million in all.

Then, in a child process with production settings, for distinct random customers
with an online access (so every lookup, by customer number, e-mail and phone, runs):

* the access copy (``access_copy`` with the JSON file, the whole document), timed
  and with its queries counted; the PDF (WeasyPrint) timed apart, because its cost
  grows with the size of the copy, not with the lookups;
* the erasure (``subject_erase`` with ``remove_online_access``, the widest one),
  timed and counted, inside a transaction that is rolled back;
* for one subject, EXPLAIN of every statement the export and the erasure issued,
  and of every activity's subject query; any sequential scan of a table with more
  than LARGE_TABLE_ROWS rows is reported.

The table shows medians and 90th percentiles. Exit status 1 if a median reaches one
second or a lookup scans a large table sequentially. The database is dropped at the
end unless ``--keep``; ``--database`` measures an existing, already loaded one.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
MEDIAN_TARGET_SECONDS = 1.0
#: A sequential scan of a table this small is the planner's right choice, not a miss.
LARGE_TABLE_ROWS = 10_000
#: Share of customers with an online access (login, e-mail addresses).
ONLINE_SHARE = 0.4
NOW = datetime.now(UTC).replace(microsecond=0)


def child_environment(database: str) -> dict:
    from bench.pages import production_environment

    env = production_environment(Path("unused"), "stadtwerk.settings")
    env["DATABASE_URL"] = f"{SERVER}/{database}"
    return env


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


# Loading -------------------------------------------------------------------------

FIRST_NAMES = "Anna Bernd Clara Dieter Emma Felix Greta Hans Ida Jonas Karla Lukas Mia Noah Olga Paul Rita Sven Tina Uwe Vera Willi Yvonne Zoe".split()  # noqa: E501
LAST_NAMES = "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Weiß".split()  # noqa: E501
STREETS = "Lindenstraße Bahnhofstraße Am Mühlbach Hauptstraße Schulweg Gartenstraße Kirchplatz Ringstraße".split()  # noqa: E501
TOWNS = [("Musterstadt", "12345"), ("Neudorf", "12346"), ("Altheim", "12347")]


class Copier:
    """Rows into a model's table with COPY; ids are given, sequences reset at the end."""

    def __init__(self, connection):
        self.connection = connection
        self.counts: dict[str, int] = {}
        self.models: list = []

    def __call__(self, model, columns: list[str], rows) -> int:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        names = ", ".join(self.connection.ops.quote_name(fields[c].column) for c in columns)
        table = self.connection.ops.quote_name(model._meta.db_table)
        count = 0
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + count
        self.models.append(model)
        return count

    def sequences_reset(self) -> None:
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for statement in self.connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)


def email_of(index: int) -> str:
    first, last = FIRST_NAMES[index % 24].lower(), LAST_NAMES[index % 29].lower()
    return f"{first}.{last}{index}@kunden.example"


def phone_of(index: int) -> str:
    return f"+49151{index:08d}"


def customer_number_of(index: int) -> str:
    return str(2_000_001 + index)


def when(rng: random.Random, days: int) -> datetime:
    return NOW - timedelta(seconds=rng.randrange(days * 86400))


def load(customers: int, seed: int) -> dict[str, int]:
    """Everything, in one transaction; returns rows per model."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from inquiries.demo import units_demo_load
    from inquiries.models import Inquiry, Topic
    from portal.demo import TARIFFS
    from portal.models import Tariff

    rng = random.Random(seed)
    copy = Copier(connection)
    with transaction.atomic():
        tariffs = {}
        for code, title, price, base, kind in TARIFFS:
            tariff, _ = Tariff.objects.get_or_create(
                code=code,
                defaults={"title": title, "price_per_unit": price, "base_price_per_year": base},
            )
            tariffs.setdefault(kind, []).append(tariff.pk)
        units = units_demo_load()
        topics = {}
        for topic in Topic.objects.all():
            topics.setdefault(topic.kind, []).append((topic.pk, topic.label, topic.unit_id))
        online = [i for i in range(customers) if rng.random() < ONLINE_SHARE]
        _portal(copy, rng, customers, online, tariffs)
        _accounts(copy, rng, online)
        inquiry_ids = _inquiries(copy, rng, customers, online, units, topics)
        _sms(copy, rng, online)
        _subject_requests(copy, rng, customers, online)
        inquiry_type = ContentType.objects.get_for_model(Inquiry).pk
        held = rng.sample(inquiry_ids, min(2000, len(inquiry_ids)))
        from privacy.models import RetentionHold

        copy(
            RetentionHold,
            ["id", "content_type_id", "object_id", "reason", "note", "placed_at", "until"],
            (
                (n + 1, inquiry_type, str(pk), "customer_care", "", NOW, NOW + timedelta(days=90))
                for n, pk in enumerate(held)
            ),
        )
        copy.sequences_reset()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return copy.counts


def _portal(copy, rng, customers: int, online: list[int], tariffs: dict) -> None:
    from portal.models import (
        AccessLogEntry,
        ActivationLetter,
        BankAccount,
        Contract,
        Customer,
        CustomerRequest,
        Instalment,
        Invoice,
        Meter,
        MeterPoint,
        MeterReading,
        PendingRegistration,
        RequestPhoto,
    )

    addresses = []

    def customer_rows():
        for i in range(customers):
            town, code = TOWNS[i % 3]
            street = f"{STREETS[i % 8]} {i % 97 + 1}"
            addresses.append((street, code, town))
            yield (
                i + 1,
                customer_number_of(i),
                FIRST_NAMES[i % 24],
                LAST_NAMES[i % 29],
                street,
                code,
                town,
                NOW,
            )

    copy(
        Customer,
        ["id", "customer_number", "first_name", "last_name", "street", "postal_code", "town",
         "imported_at"],
        customer_rows(),
    )  # fmt: skip
    kinds = [
        (Contract.Kind.ELECTRICITY, "kWh"),
        (Contract.Kind.GAS, "kWh"),
        (Contract.Kind.WATER, "m3"),
        (Contract.Kind.DISTRICT_HEATING, "kWh"),
    ]
    contracts = []  # (contract id, customer index, kind index)
    for i in range(customers):
        count = 1 + (rng.random() < 0.5) + (rng.random() < 0.2)
        for offset in range(count):
            kind = offset if offset < 2 else 2 + rng.randrange(2)
            contracts.append((len(contracts) + 1, i, kind))
    copy(
        Contract,
        ["id", "contract_number", "customer_id", "kind", "tariff_id", "supply_street",
         "supply_postal_code", "supply_town", "start_date", "end_date"],
        (
            (cid, f"V{cid:09d}", i + 1, kinds[k][0], rng.choice(tariffs[kinds[k][0]]),
             *addresses[i], date(2020 + cid % 6, cid % 12 + 1, 1), None)
            for cid, i, k in contracts
        ),
    )  # fmt: skip
    copy(
        MeterPoint,
        ["id", "identifier", "contract_id"],
        ((cid, f"DE0001{cid:027d}", cid) for cid, _i, _k in contracts),
    )
    copy(
        Meter,
        ["id", "number", "meter_point_id", "unit"],
        ((cid, f"Z{cid:010d}", cid, kinds[k][1]) for cid, _i, k in contracts),
    )
    copy(
        MeterReading,
        ["id", "meter_id", "read_on", "value", "source"],
        (
            (3 * (cid - 1) + n + 1, cid, date(2023 + n, 12, 31), 1000 + 2500 * n + cid % 500,
             "utility" if n % 2 == 0 else "customer")
            for cid, _i, _k in contracts
            for n in range(3)
        ),
    )  # fmt: skip
    copy(
        Instalment,
        ["id", "contract_id", "valid_from", "amount"],
        (
            (2 * (cid - 1) + n + 1, cid, date(2025 + n, 1, 1), 40 + cid % 90 + n * 5)
            for cid, _i, _k in contracts
            for n in range(2)
        ),
    )
    copy(
        Invoice,
        ["id", "number", "contract_id", "issued_on", "period_start", "period_end", "amount"],
        (
            (2 * (cid - 1) + n + 1, f"R{2 * (cid - 1) + n + 1:010d}", cid, date(2025 + n, 1, 20),
             date(2024 + n, 1, 1), date(2024 + n, 12, 31), 480 + cid % 900)
            for cid, _i, _k in contracts
            for n in range(2)
        ),
    )  # fmt: skip
    copy(
        BankAccount,
        ["id", "customer_id", "account_holder", "iban", "mandate_reference"],
        (
            (i + 1, i + 1, f"{FIRST_NAMES[i % 24]} {LAST_NAMES[i % 29]}",
             f"DE{i % 89 + 10:02d}37040044{i:010d}", f"M-{customer_number_of(i)}")
            for i in range(customers)
            if i % 10 < 7
        ),
    )  # fmt: skip
    actions = ["login", "view", "view", "view", "logout"]

    def log_rows():
        n = 0
        for i in online:
            for _ in range(rng.randrange(4, 17)):
                n += 1
                yield (n, i + 1, when(rng, 90), f"10.{i % 256}.{n % 256}.1", rng.choice(actions),
                       "/kundencenter/")  # fmt: skip
        for _ in range(len(online) // 2):
            n += 1
            yield (n, None, when(rng, 90), f"192.0.2.{n % 256}", "login_failed", "")

    copy(AccessLogEntry, ["id", "customer_id", "at", "ip_address", "action", "detail"], log_rows())
    letters = rng.sample(range(customers), customers // 10)
    copy(
        ActivationLetter,
        ["id", "customer_id", "requested_at", "batch_id", "code_hash", "expires_at", "used_at"],
        (
            (n + 1, i + 1, when(rng, 80), None, secrets.token_hex(32), NOW + timedelta(days=20),
             None)
            for n, i in enumerate(letters)
        ),
    )  # fmt: skip
    copy(
        PendingRegistration,
        ["id", "customer_number", "name", "town", "email", "password_hash", "by_post",
         "created_at"],
        (
            (n + 1, customer_number_of(i), LAST_NAMES[i % 29], TOWNS[i % 3][0], email_of(i),
             "!", False, when(rng, 1))
            for n, i in enumerate(rng.sample(range(customers), 500))
        ),
    )  # fmt: skip
    request_kinds = ["meter_reading", "instalment", "bank_details", "move", "contact"]
    contract_of = {}
    for cid, i, _k in contracts:
        contract_of.setdefault(i, cid)

    def request_rows():
        n = 0
        for i in online:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                n += 1
                kind = rng.choice(request_kinds)
                created = when(rng, 300)
                transferred = None if rng.random() < 0.1 else created + timedelta(hours=2)
                cid = contract_of[i]
                yield (n, i + 1, kind, cid, cid if kind == "meter_reading" else None,
                       json.dumps({"kind": kind, "value": str(n % 9000), "date": "2026-11-30"}),
                       created, "", None, transferred)  # fmt: skip

    copy(
        CustomerRequest,
        ["id", "customer_id", "kind", "contract_id", "meter_id", "payload", "created_at",
         "claim_token", "claimed_until", "transferred_at"],
        request_rows(),
    )  # fmt: skip
    requests = CustomerRequest.objects.filter(kind="meter_reading").values_list("pk", "meter_id")
    copy(
        RequestPhoto,
        ["id", "request_id", "meter_number", "content_type", "image"],
        (
            (n + 1, pk, f"Z{meter:010d}", "image/jpeg", b"\xff\xd8" + os.urandom(62))
            for n, (pk, meter) in enumerate(requests[::10])
        ),
    )


def _accounts(copy, rng, online: list[int]) -> None:
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from django.contrib.auth.models import User

    from portal.models import OnlineAccess

    copy(
        User,
        ["id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
         "email", "is_staff", "is_active", "date_joined"],
        (
            (n + 1, "!", when(rng, 60), False, email_of(i), FIRST_NAMES[i % 24],
             LAST_NAMES[i % 29], email_of(i), False, True, when(rng, 900))
            for n, i in enumerate(online)
        ),
    )  # fmt: skip
    copy(
        OnlineAccess,
        ["id", "user_id", "customer_id", "created_at"],
        ((n + 1, n + 1, i + 1, when(rng, 900)) for n, i in enumerate(online)),
    )
    second = [n for n in range(len(online)) if n % 10 == 0]
    copy(
        EmailAddress,
        ["id", "user_id", "email", "verified", "primary"],
        [
            *((n + 1, n + 1, email_of(i), True, True) for n, i in enumerate(online)),
            *(
                (len(online) + k + 1, n + 1, f"zweit{online[n]}@post.example", True, False)
                for k, n in enumerate(second)
            ),
        ],
    )
    copy(
        EmailConfirmation,
        ["id", "created", "sent", "key", "email_address_id"],
        (
            (k + 1, when(rng, 7), NOW, secrets.token_urlsafe(48)[:64], len(online) + k + 1)
            for k in range(0, len(second), 2)
        ),
    )
    copy(
        Authenticator,
        ["id", "type", "data", "user_id", "created_at", "last_used_at"],
        (
            (k + 1, "totp", json.dumps({"secret": secrets.token_hex(10)}), n + 1, when(rng, 300),
             when(rng, 30))
            for k, n in enumerate(range(0, len(online), 8))
        ),
    )  # fmt: skip
    copy(
        UserSession,
        ["id", "created_at", "ip", "last_seen_at", "session_key", "user_agent", "data", "user_id"],
        (
            (k + 1, when(rng, 1), f"10.1.{n % 256}.7", NOW, secrets.token_hex(20),
             "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", "{}", n + 1)
            for k, n in enumerate(range(0, len(online), 5))
        ),
    )  # fmt: skip


def _inquiries(copy, rng, customers: int, online: list[int], units, topics) -> list[int]:
    """About three inquiries per customer, and as many again from people who are not."""
    from inquiries.models import Inquiry, InquiryEvent

    is_online = set(online)
    routes = {
        "contact": units["kundenservice"].pk,
        "callback": units["kundenservice"].pk,
        "privacy_officer": units["datenschutz"].pk,
        "equality_officer": units["gleichbehandlung"].pk,
        "feedback": units["qualitaet"].pk,
        "outage": units["netzbetrieb"].pk,
    }
    kinds = ["contact"] * 10 + ["callback"] * 5 + ["feedback"] * 3 + ["outage"] * 3
    kinds += ["privacy_officer", "equality_officer"]
    inquiry_ids: list[int] = []

    def rows():
        n = 0
        for i in list(range(customers)) + [None] * customers:
            for _ in range(rng.choice((0, 1, 1, 2, 3, 4)) if i is not None else 1):
                n += 1
                kind = rng.choice(kinds)
                person = i if i is not None else customers + n
                # As typed into the form: the case of the address varies.
                email = email_of(person)
                if rng.random() < 0.5:
                    email = email.capitalize().replace("@kunden", "@Kunden")
                if i is not None and i not in is_online and rng.random() < 0.5:
                    email = f"{FIRST_NAMES[person % 24].lower()}{person}@post.example"
                phone = phone_of(person) if kind in ("callback", "outage") else ""
                if kind == "callback":
                    email = ""
                number = customer_number_of(i) if i is not None and rng.random() < 0.6 else ""
                if kind in ("outage", "privacy_officer", "equality_officer", "feedback"):
                    number = number if rng.random() < 0.3 else ""
                topic = rng.choice(topics[kind]) if kind in topics else (None, "", None)
                created = when(rng, 60)
                done = created + timedelta(days=2) if rng.random() < 0.6 else None
                start = created + timedelta(days=1) if kind == "callback" else None
                inquiry_ids.append(n)
                yield (
                    n, f"A-{n:08d}", kind, topic[0], topic[1], routes[kind],
                    "done" if done else "new", None, "ms", f"Person {person}", email, phone,
                    number, "Bitte um Rückmeldung zu meinem Anliegen.", "", "",
                    start.date() if start else None, None, None, start, created, done,
                )  # fmt: skip

    copy(
        Inquiry,
        ["id", "reference", "kind", "topic_id", "topic_label", "unit_id", "status",
         "assignee_id", "salutation", "name", "email", "phone", "customer_number", "concern",
         "feedback_type", "location", "preferred_date", "preferred_from", "preferred_until",
         "preferred_start", "created_at", "done_at"],
        rows(),
    )  # fmt: skip
    copy(
        InquiryEvent,
        ["id", "inquiry_id", "action", "actor_id", "text", "from_unit_id", "to_unit_id", "at"],
        (
            (2 * (pk - 1) + k + 1, pk, "status" if k else "note", None, "", None, None,
             when(rng, 30))
            for pk in inquiry_ids
            for k in range(2)
        ),
    )  # fmt: skip
    return inquiry_ids


def _sms(copy, rng, online: list[int]) -> None:
    from sms.models import AbuseLogEntry, AbuseLogExport, SmsContent, SmsMessage

    senders = online[::4]
    messages = []  # (id, customer index, created)
    for i in senders:
        for _ in range(rng.randrange(5, 36)):
            messages.append((len(messages) + 1, i, when(rng, 89)))
    copy(
        SmsMessage,
        ["id", "customer_id", "day", "slot", "parts", "encoding", "state", "idempotency_key",
         "recipient_digest", "created_at", "attempts", "next_attempt_at", "finished_at",
         "last_error"],
        (
            (pk, i + 1, created.date(), None, 1, "gsm7", "sent", uuid.uuid4(),
             secrets.token_hex(32), created, 1, None, created + timedelta(seconds=3), "")
            for pk, i, created in messages
        ),
    )  # fmt: skip
    # Number and text stay only until the gateway has the message: a few in transit.
    copy(
        SmsContent,
        ["message_id", "recipient", "text"],
        (
            (pk, f"+49160{rng.randrange(10**8):08d}", "Bin gleich da.")
            for pk, _i, _c in messages[::200]
        ),
    )
    copy(
        AbuseLogEntry,
        ["id", "customer_number", "at", "ip_address"],
        ((pk, customer_number_of(i), created, f"10.2.{pk % 256}.9") for pk, i, created in messages),
    )
    copy(
        AbuseLogExport,
        ["id", "exported_by_id", "exported_by_name", "exported_at", "reason", "customer_number",
         "period_start", "period_end", "entry_count", "file_format", "seal"],
        (
            (k + 1, None, "Rechtsabteilung", when(rng, 300), f"Az. {k}/26",
             customer_number_of(i), date(2026, 9, 1), date(2026, 9, 30), 3, "csv",
             secrets.token_hex(32))
            for k, i in enumerate(senders[:: 50])
        ),
    )  # fmt: skip


def _subject_requests(copy, rng, customers: int, online: list[int]) -> None:
    from privacy.models import AccessPackage, SubjectRequest, SubjectRequestStep

    people = rng.sample(range(customers), customers // 20)
    copy(
        SubjectRequest,
        ["id", "reference", "kind", "channel", "status", "name", "email", "customer_number",
         "phone", "description", "user_id", "received_at", "due_on", "extended_due_on",
         "extension_reason", "remove_online_access", "email_verified_at", "email_token_hash",
         "email_token_sent_at", "customer_verified_at", "postal_code_hash",
         "postal_code_sent_at", "postal_code_attempts", "identity_verified_at",
         "verification", "closed_at", "outcome_note", "erasure_report"],
        (
            (n + 1, f"DSA-{n + 1:07d}", "access" if n % 3 else "erasure", "form", "answered",
             f"Person {i}", email_of(i), customer_number_of(i) if n % 2 else "",
             phone_of(i) if n % 5 == 0 else "", "", None, when(rng, 700), date(2026, 1, 1),
             None, "", False, NOW, "", NOW, None, "", None, 0, NOW, "email", NOW, "", "{}")
            for n, i in enumerate(people)
        ),
    )  # fmt: skip
    copy(
        SubjectRequestStep,
        ["id", "request_id", "at", "action", "actor_id", "detail"],
        (
            (3 * n + k + 1, n + 1, when(rng, 700), action, None, "")
            for n in range(len(people))
            for k, action in enumerate(("received", "identity_confirmed", "answered"))
        ),
    )
    copy(
        AccessPackage,
        ["id", "request_id", "created_at", "expires_at", "token_hash", "downloaded_at",
         "archive", "pdf", "record_count"],
        (
            (k + 1, n + 1, when(rng, 14), NOW + timedelta(days=7), "", None, b"PK" + bytes(200),
             b"%PDF" + bytes(200), 12)
            for k, n in enumerate(range(1, len(people), 30))
        ),
    )  # fmt: skip


# Measuring -----------------------------------------------------------------------


def subjects_pick(count: int, seed: int):
    """Distinct customers with an online access, as a verified request would see them:
    customer number, the e-mail addresses on file, and the phone they called from."""
    from portal.models import Customer, OnlineAccess
    from privacy.subject_requests import _source_identifiers
    from privacy.subjects import Subject

    ids = list(OnlineAccess.objects.order_by("customer_id").values_list("customer_id", flat=True))
    chosen = random.Random(seed + 1).sample(ids, count)
    subjects = []
    for customer in Customer.objects.filter(pk__in=chosen).order_by("pk"):
        emails, phones = _source_identifiers(customer.customer_number)
        phones = {*phones, phone_of(customer.pk - 1)}
        subjects.append(
            Subject(
                customer_number=customer.customer_number,
                emails=tuple(sorted(emails)),
                phones=tuple(sorted(phones)),
            )
        )
    return subjects


class Rollback(Exception):
    pass


def timed(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    return seconds, captured.captured_queries, result


def erase_rolled_back(subject):
    from django.db import transaction

    from privacy.subjects import subject_erase

    outcome = {}
    try:
        with transaction.atomic():
            outcome["seconds"], outcome["queries"], outcome["result"] = timed(
                lambda: subject_erase(subject, remove_online_access=True)
            )
            raise Rollback
    except Rollback:
        pass
    return outcome["seconds"], outcome["queries"], outcome["result"]


def statements(queries) -> list[str]:
    """The captured statements that read or write rows (no savepoints)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"SELECT", "DELETE", "UPDATE", "WITH"}
    ]


def table_sizes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return dict(cursor.fetchall())


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql: str) -> list[dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        value = cursor.fetchone()[0]
    plan = (json.loads(value) if isinstance(value, str) else value)[0]["Plan"]
    return list(plan_nodes(plan))


def scans(nodes: list[dict]) -> list[str]:
    found = []
    for node in nodes:
        kind = node["Node Type"]
        if "Scan" in kind and "Relation Name" in node:
            target = node.get("Index Name") or node["Relation Name"]
            found.append(f"{kind} on {target}")
        elif kind == "Bitmap Index Scan":
            found.append(f"Bitmap Index Scan on {node['Index Name']}")
    return found


def seq_scans(nodes: list[dict], sizes: dict[str, int]) -> list[str]:
    return [
        f"{node['Relation Name']} ({sizes.get(node['Relation Name'], 0):,} rows)"
        for node in nodes
        if node["Node Type"] == "Seq Scan"
        and sizes.get(node["Relation Name"], 0) > LARGE_TABLE_ROWS
    ]


def measure(subject_count: int, seed: int, pdf: bool) -> dict:
    from django.db import connection
    from django.urls import get_resolver

    from privacy.access_package import access_copy, access_copy_pdf
    from privacy.registry import get_activities
    from privacy.subjects import subject_records

    # What a worker has loaded before its first request: the registry, the URLs.
    assert get_resolver().url_patterns
    subjects = subjects_pick(subject_count, seed)
    sizes = table_sizes()
    runs = []
    first_statements: list[str] = []
    for number, subject in enumerate(subjects):

        def export(subject=subject, number=number):
            copy = access_copy(subject, reference=f"BENCH-{number}")
            copy.json_bytes()
            return copy

        seconds, queries, copy = timed(export)
        pdf_seconds = None
        if pdf:
            started = time.perf_counter()
            access_copy_pdf(copy)
            pdf_seconds = time.perf_counter() - started
        erase_seconds, erase_queries, result = erase_rolled_back(subject)
        if number == 0:
            first_statements = statements(queries) + statements(erase_queries)
        runs.append(
            {
                "export_seconds": seconds,
                "export_queries": len(queries),
                "records": copy.record_count,
                "sections": len(copy.document["sections"]),
                "json_bytes": len(copy.json_bytes()),
                "pdf_seconds": pdf_seconds,
                "erase_seconds": erase_seconds,
                "erase_queries": len(erase_queries),
                "erase_statements": len(statements(erase_queries)),
                "erased": sum(result.erased.values()),
                "kept": sum(k.count for k in result.kept),
            }
        )
        print(
            f"  subject {number + 1:>2}/{len(subjects)}: export {seconds * 1000:6.1f} ms "
            f"({len(queries)} queries, {copy.record_count} records)"
            + (f", PDF {pdf_seconds * 1000:6.0f} ms" if pdf else "")
            + f"; erasure {erase_seconds * 1000:6.1f} ms ({len(erase_queries)} queries, "
            f"{runs[-1]['erased']} erased, {runs[-1]['kept']} kept)",
            file=sys.stderr,
            flush=True,
        )
    # Plans for the first subject: each activity's lookup, then every statement issued.
    activities = []
    for activity in get_activities():
        records = subject_records(activity, subjects[0])
        if records is None:
            continue
        sql, params = records.query.sql_with_params()
        nodes = explain(connection.ops.compose_sql(sql, params))
        activities.append(
            {
                "activity": activity.key,
                "table": activity.model_class._meta.db_table,
                "rows": sizes.get(activity.model_class._meta.db_table, 0),
                "scans": scans(nodes),
                "seq_scans": seq_scans(nodes, sizes),
            }
        )
    statement_misses = []
    for sql in first_statements:
        missed = seq_scans(explain(sql), sizes)
        if missed:
            statement_misses.append({"sql": sql[:300], "seq_scans": missed})
    return {
        "runs": runs,
        "activities": activities,
        "statements_explained": len(first_statements),
        "statement_misses": statement_misses,
        "subject": {
            "emails": len(subjects[0].emails),
            "phones": len(subjects[0].phones),
        },
    }


def child(args) -> None:
    import django

    django.setup()
    from portal.models import Customer

    if not Customer.objects.exists():
        started = time.perf_counter()
        counts = load(args.customers, args.seed)
        seconds = time.perf_counter() - started
        print(
            f"loaded {sum(counts.values()):,} rows in {seconds:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    else:
        counts, seconds = {}, None
    result = measure(args.subjects, args.seed, pdf=not args.no_pdf)
    result["loaded"] = counts
    result["load_seconds"] = seconds
    result["table_rows"] = table_sizes()
    print(json.dumps(result, default=str))


# Report --------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: dict, args) -> int:
    runs = result["runs"]
    rows = result["table_rows"]
    print()
    if result["loaded"]:
        print(
            f"Loaded {sum(result['loaded'].values()):,} rows with COPY in "
            f"{result['load_seconds']:.0f} s:"
        )
        for label, count in sorted(result["loaded"].items(), key=lambda item: -item[1]):
            print(f"  {label:<34}{count:>12,}")
    else:
        print(f"Existing database, {sum(rows.values()):,} rows in all tables.")
    print(
        f"\n{len(runs)} subjects (customer number, {result['subject']['emails']} e-mail "
        f"address(es), phone); load average at the end {os.getloadavg()[0]:.1f}\n"
    )
    figures = [
        ("access copy (JSON)", "export_seconds", "export_queries"),
        ("erasure (rolled back)", "erase_seconds", "erase_queries"),
    ]
    if runs[0]["pdf_seconds"] is not None:
        figures.insert(1, ("PDF of the copy", "pdf_seconds", None))
    print(f"{'':<24}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}{'queries':>16}")
    missed = 0
    for label, key, queries in figures:
        values = [run[key] for run in runs]
        counts = [run[queries] for run in runs] if queries else []
        query_text = (
            f"{min(counts)}–{max(counts)}" if counts and min(counts) != max(counts)
            else (str(counts[0]) if counts else "–")
        )  # fmt: skip
        median = statistics.median(values)
        if key != "pdf_seconds":
            missed += median >= MEDIAN_TARGET_SECONDS
        print(
            f"{label:<24}{median * 1000:>11.1f}{percentile(values, 0.9) * 1000:>9.1f}"
            f"{max(values) * 1000:>9.1f}{query_text:>16}"
        )
    print(
        f"\nper subject: {statistics.median(r['records'] for r in runs):.0f} records in "
        f"{statistics.median(r['sections'] for r in runs):.0f} sections (median), JSON "
        f"{statistics.median(r['json_bytes'] for r in runs) / 1024:.0f} KiB; erasure "
        f"deletes {statistics.median(r['erased'] for r in runs):.0f} and keeps "
        f"{statistics.median(r['kept'] for r in runs):.0f} (median); "
        f"{statistics.median(r['erase_statements'] for r in runs):.0f} of its queries "
        "read or write rows, the rest are savepoints"
    )
    print("\nPlans of each activity's subject query (first subject):")
    for item in result["activities"]:
        flag = "  SEQ SCAN: " + ", ".join(item["seq_scans"]) if item["seq_scans"] else ""
        scans_text = "; ".join(dict.fromkeys(item["scans"]))
        print(f"  {item['activity']:<34}{item['rows']:>10,}  {scans_text}{flag}")
        missed += bool(item["seq_scans"])
    print(
        f"\nEvery statement of the first subject's export and erasure explained "
        f"({result['statements_explained']}): "
        + ("no sequential scan of a table over "
           f"{LARGE_TABLE_ROWS:,} rows." if not result["statement_misses"] else "")
    )  # fmt: skip
    for miss in result["statement_misses"]:
        print(f"  SEQ SCAN {', '.join(miss['seq_scans'])}: {miss['sql']}")
        missed += 1
    print(
        f"\nTargets: medians of export and erasure < {MEDIAN_TARGET_SECONDS:.0f} s; "
        f"no sequential scan of a table over {LARGE_TABLE_ROWS:,} rows"
    )
    print("All targets met." if not missed else f"{missed} target(s) MISSED.")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--database", help="an existing database, loaded by an earlier --keep")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF rendering")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    database = args.database or f"stadtwerk_dsr_bench_{secrets.token_hex(4)}"
    if not args.database:
        print(f"Creating and migrating database {database} …", flush=True)
        admin_sql(f'CREATE DATABASE "{database}"')
    env = child_environment(database)
    try:
        if not args.database:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            print(f"Loading {args.customers:,} customers and their records …", flush=True)
        command = [sys.executable, "-m", "bench.dsr", "--child"]
        command += ["--customers", str(args.customers), "--subjects", str(args.subjects)]
        command += ["--seed", str(args.seed)] + (["--no-pdf"] if args.no_pdf else [])
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        if done.returncode:
            sys.exit(f"The measuring child failed with status {done.returncode}.")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if args.keep or args.database:
            print(f"Database {database} kept.", flush=True)
        else:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return report(result, args)


if __name__ == "__main__":
    sys.exit(main())
