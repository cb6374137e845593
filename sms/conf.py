"""Settings of the free SMS service, with their defaults.

Operators tune the fraud limits here: free SMS attract "SMS pumping", where numbers
at expensive foreign or premium destinations are fed through a free form.
"""

from django.conf import settings

#: The free SMS of a day are counted by the calendar day in Bochum, whatever the
#: server's time zone.
TIME_ZONE = "Europe/Berlin"


def setting(name: str, default):
    return getattr(settings, name, default)


def backend_path() -> str:
    """Dotted path of the gateway backend class, as EMAIL_BACKEND is for mail."""
    return setting("SMS_BACKEND", "sms.backends.console.SmsBackend")


def daily_quota() -> int:
    """Free SMS per customer and calendar day (the privacy policy promises 5)."""
    return setting("SMS_DAILY_QUOTA", 5)


def recipient_daily_cap() -> int:
    """SMS to one recipient number per day, all customers together."""
    return setting("SMS_RECIPIENT_DAILY_CAP", 10)


def daily_budget() -> int:
    """SMS per day for all customers together; what exceeds it is refused."""
    return setting("SMS_DAILY_BUDGET", 1000)


def allowed_countries() -> tuple[str, ...]:
    """ISO country codes of the mobile networks SMS may go to."""
    return tuple(code.upper() for code in setting("SMS_ALLOWED_COUNTRIES", ("DE",)))


def max_parts() -> int:
    """Longest text, in concatenated SMS parts (1 to 10)."""
    return max(1, min(10, setting("SMS_MAX_PARTS", 3)))


def retry_delays() -> tuple[int, ...]:
    """Seconds before each further delivery attempt; after the last one it has failed."""
    return tuple(setting("SMS_RETRY_DELAYS", (30, 120, 600, 1800, 3600)))


def file_path() -> str:
    """Directory of the file backend (development)."""
    return str(setting("SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms"))


def http_url() -> str:
    return setting("SMS_HTTP_URL", "")


def http_username() -> str:
    return setting("SMS_HTTP_USERNAME", "")


def http_password() -> str:
    return setting("SMS_HTTP_PASSWORD", "")


def http_timeout() -> float:
    """Seconds to wait for the gateway to connect and to answer."""
    return float(setting("SMS_HTTP_TIMEOUT", 10))


def http_verify() -> bool | str:
    """TLS verification: on, or the path of a CA bundle. Never off in production."""
    return setting("SMS_HTTP_VERIFY", True)


def message_list_days() -> int:
    """Days a customer sees a sent message (without number and text) in their list."""
    return setting("SMS_MESSAGE_LIST_DAYS", 30)
