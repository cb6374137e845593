from pathlib import Path

from django.conf import settings

from privacy.registry import Lookup, activity
from privacy.rules import AfterCompletion, FilesOlderThan, MaxAge, OnCompletion, UntilEvent

COMMON = {
    "purpose": "Test",
    "legal_basis": "Art. 6 Abs. 1 lit. f DSGVO",
    "data": ["Testdaten"],
    "recipients": ["niemand"],
}

activity(
    key="fixture.visits",
    title="Besuche",
    model="privacy_fixture.Visit",
    retention=MaxAge(field="created_at", days=90),
    unsearchable="anonym",
    **COMMON,
)
activity(
    key="fixture.contact",
    title="Kontakt",
    model="privacy_fixture.Ticket",
    records=lambda tickets: tickets.filter(kind="contact"),
    retention=AfterCompletion(field="done_at", days=30),
    subject=Lookup(email="email", customer_number="customer_number"),
    **COMMON,
)
activity(
    key="fixture.callback",
    title="Rückruf",
    model="privacy_fixture.Ticket",
    records=lambda tickets: tickets.filter(kind="callback"),
    retention=OnCompletion(field="done_at"),
    subject=Lookup(phone="phone"),
    **COMMON,
)
activity(
    key="fixture.accounts",
    title="Konten",
    model="privacy_fixture.Account",
    retention=UntilEvent(event="bis zur Löschung des Kontos"),
    subject=Lookup(email="email", customer_number="customer_number"),
    **COMMON,
)
activity(
    key="fixture.logs",
    title="Protokolldateien",
    directory=lambda: Path(settings.PRIVACY_FIXTURE_LOG_DIR),
    retention=FilesOlderThan(days=90, pattern="*.log"),
    **COMMON,
)
