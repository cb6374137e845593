"""Settings of the contact services, with their defaults."""

from django.conf import settings


def setting(name: str, default):
    return getattr(settings, name, default)


def retention_days() -> int:
    """Days a done inquiry is kept for queries back (not for callbacks)."""
    return setting("INQUIRIES_RETENTION_DAYS", 30)


def mail_cooldown_seconds() -> int:
    """No second mail to the same address within this time."""
    return setting("INQUIRIES_MAIL_COOLDOWN_SECONDS", 15 * 60)


def mail_daily_budget() -> int:
    """At most this many mails a day caused by the public, all forms together."""
    return setting("INQUIRIES_MAIL_DAILY_BUDGET", 500)


def rate_limit() -> tuple[int, int]:
    """(submissions, seconds) one client may send."""
    return tuple(setting("INQUIRIES_RATE_LIMIT", (5, 600)))


def altcha_max_number() -> int:
    """Difficulty of the proof of work: the solver tries up to this many hashes."""
    return setting("INQUIRIES_ALTCHA_MAX_NUMBER", 50_000)


def callback_days_ahead() -> int:
    return setting("INQUIRIES_CALLBACK_DAYS_AHEAD", 28)


def mail_retry_delays() -> tuple[int, ...]:
    """Seconds to wait before each further attempt when the mail server fails."""
    return tuple(setting("INQUIRIES_MAIL_RETRY_DELAYS", (60, 300, 900, 3600, 3 * 3600, 6 * 3600)))
