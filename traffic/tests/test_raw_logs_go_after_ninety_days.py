"""Raw access-log files are deleted by the privacy registry's file rule; the audit
fails while an older one exists; addresses can be shortened earlier."""

import io
import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from privacy.registry import get_activity
from privacy.retention import overdue, purge
from traffic.addresses import address_masked
from traffic.checks import check_traffic_settings
from traffic.ingestion import file_fingerprint
from traffic.services import access_log_addresses_truncate
from traffic.tests.conftest import combined


def aged(path, days: float):
    when = time.time() - days * 86400
    os.utime(path, (when, when))
    return path


@pytest.fixture
def logs(settings, tmp_path, monkeypatch):
    directory = tmp_path / "access"
    directory.mkdir()
    settings.TRAFFIC_ACCESS_LOG_DIR = directory
    # The declaration reads the directory through the setting, at call time.
    assert get_activity("traffic.access_logs").directory() == directory
    return directory


@pytest.mark.django_db
def test_a_file_older_than_ninety_days_is_overdue_and_purged(logs):
    old = logs / "access-2026-01-01.log"
    old.write_text(combined("/"))
    aged(old, 91)
    recent = logs / "access-2026-03-01.log"
    recent.write_text(combined("/"))
    aged(recent, 89)

    assert [o.activity for o in overdue()] == ["traffic.access_logs"]
    output = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("privacy", "audit", stdout=output)
    assert "traffic.access_logs: 1 Datensatz älter als erlaubt" in output.getvalue()

    [result] = purge(activity_key="traffic.access_logs")
    assert result.count == 1
    assert not old.exists() and recent.exists()
    assert overdue() == []


def test_the_retention_may_only_be_shortened(settings):
    settings.TRAFFIC_ACCESS_LOG_DAYS = 120
    assert [e.id for e in check_traffic_settings(None)] == ["traffic.E002"]
    settings.TRAFFIC_ACCESS_LOG_DAYS = 30
    assert check_traffic_settings(None) == []
    assert get_activity("traffic.access_logs").retention.days <= 90


def test_shortening_addresses_must_come_before_deletion(settings):
    settings.TRAFFIC_ACCESS_LOG_DAYS = 30
    settings.TRAFFIC_TRUNCATE_IP_DAYS = 30
    assert [e.id for e in check_traffic_settings(None)] == ["traffic.E003"]


def test_the_access_log_and_analytics_sit_above_the_page_cache(settings):
    settings.MIDDLEWARE = [
        "website.page_cache.PageCacheMiddleware",
        "traffic.middleware.AccessLogMiddleware",
    ]
    assert [e.id for e in check_traffic_settings(None)] == ["traffic.E001"]


def test_addresses_are_masked_to_16_and_48_bits():
    assert address_masked("203.0.113.7") == "203.0.0.0"
    assert address_masked("2001:db8:abcd:1234::1") == "2001:db8:abcd::"
    assert address_masked("nonsense") == "-"


def test_old_files_get_shortened_addresses_keep_their_date_and_fingerprint(logs, settings):
    settings.TRAFFIC_TRUNCATE_IP_DAYS = 7
    old = logs / "access-2026-01-01.log"
    old.write_text(combined("/", ip="203.0.113.7") + combined("/a", ip="2001:db8:abcd:1234::1"))
    aged(old, 8)
    fresh = logs / "access-2026-01-09.log"
    fresh.write_text(combined("/", ip="203.0.113.7"))
    mtime = old.stat().st_mtime
    fingerprint = file_fingerprint(old)

    assert access_log_addresses_truncate(now=timezone.now()) == 1
    assert access_log_addresses_truncate(now=timezone.now() + timedelta(seconds=1)) == 0

    text = old.read_text()
    assert text.startswith("203.0.0.0 - - ") and "\n2001:db8:abcd:: - - " in text
    assert "203.0.113.7" not in text
    assert fresh.read_text().startswith("203.0.113.7 ")
    assert old.stat().st_mtime == mtime
    assert file_fingerprint(old) == fingerprint


def test_no_early_shortening_unless_configured(logs, settings):
    settings.TRAFFIC_TRUNCATE_IP_DAYS = 0
    old = logs / "access-2026-01-01.log"
    old.write_text(combined("/"))
    aged(old, 60)

    assert access_log_addresses_truncate() == 0
    assert old.read_text().startswith("203.0.113.7 ")
