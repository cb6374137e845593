"""Every processing of the traffic app is declared completely for the privacy
registry, and the declared retention of raw analytics events is enforced."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from privacy.registry import get_activity
from privacy.retention import overdue, purge
from traffic.models import PageEvent


@pytest.mark.parametrize("key", ["traffic.access_logs", "traffic.analytics_events"])
def test_each_activity_says_what_why_on_which_basis_and_how_long(key):
    declared = get_activity(key)

    assert declared.title and declared.purpose and declared.data and declared.recipients
    assert declared.legal_basis == "Art. 6 Abs. 1 lit. f DSGVO"
    assert str(declared.retention)
    assert declared.in_policy


def test_the_analytics_declaration_names_the_key_and_its_daily_change():
    declared = get_activity("traffic.analytics_events")

    assert any("täglich wechselnder Schlüssel" in str(item) for item in declared.data)
    assert "Widerspruch" in str(declared.purpose)


@pytest.mark.django_db
def test_raw_events_older_than_a_day_are_overdue_and_purged():
    now = timezone.now()
    PageEvent.objects.create(visit="a" * 32, path="/", at=now - timedelta(days=1, hours=2))
    PageEvent.objects.create(visit="b" * 32, path="/", at=now - timedelta(hours=2))

    assert [o.activity for o in overdue()] == ["traffic.analytics_events"]
    with pytest.raises(SystemExit):
        call_command("privacy", "audit", stdout=io.StringIO())
    [result] = purge(activity_key="traffic.analytics_events")

    assert result.count == 1
    assert list(PageEvent.objects.values_list("visit", flat=True)) == ["b" * 32]
