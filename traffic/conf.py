"""The traffic app's settings, with their defaults, in one place."""

from pathlib import Path

from django.conf import settings

#: The privacy policy promises that raw access logs are gone after 90 days at the latest.
MAX_ACCESS_LOG_DAYS = 90


def access_log_dir() -> Path:
    return Path(getattr(settings, "TRAFFIC_ACCESS_LOG_DIR", settings.BASE_DIR / "var/log/access"))


def access_log_write() -> bool:
    """Whether the app writes the log itself (False where nginx writes it)."""
    return getattr(settings, "TRAFFIC_ACCESS_LOG_WRITE", True)


def access_log_pattern() -> str:
    return getattr(settings, "TRAFFIC_ACCESS_LOG_PATTERN", "access*.log*")


def access_log_days() -> int:
    return getattr(settings, "TRAFFIC_ACCESS_LOG_DAYS", MAX_ACCESS_LOG_DAYS)


def truncate_ip_days() -> int:
    """After how many days addresses in the raw logs are shortened; 0 means never early."""
    return getattr(settings, "TRAFFIC_TRUNCATE_IP_DAYS", 0)
