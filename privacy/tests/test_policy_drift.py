"""When the code declares processing the newest published policy does not describe,
the audit fails until a new version is published."""

import dataclasses
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from privacy.registry import Audience, Processor, get_activity, registry
from privacy.selectors import policy_drift
from privacy.services import policy_version_record
from privacy.tests.test_policy_versions import publish

pytestmark = pytest.mark.django_db


def audit() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("privacy", "audit", stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def declare_newsletter(monkeypatch, **changes):
    newsletter = dataclasses.replace(
        get_activity("django.sessions"), key="late.newsletter", title="Newsletter", **changes
    )
    monkeypatch.setitem(registry.activities, newsletter.key, newsletter)


def test_no_drift_without_versions_or_right_after_publishing():
    assert policy_drift() is None
    publish()
    assert policy_drift() is None
    assert audit()[0] == 0


def test_a_new_public_activity_fails_the_audit_until_the_next_version(monkeypatch):
    publish()
    declare_newsletter(monkeypatch)

    drift = policy_drift()
    code, output = audit()

    assert (drift.version, drift.new, drift.changed, drift.removed) == (
        "2.0",
        ["late.newsletter"],
        [],
        [],
    )
    assert code == 1
    assert "Version 2.0 der Datenschutzerklärung beschreibt die erklärten" in output
    assert "neu: late.newsletter" in output

    publish(number="2.1", valid_from=date(2025, 4, 1))
    assert policy_drift() is None


def test_changed_words_and_removed_activities_count_as_drift(monkeypatch):
    publish()
    changed = dataclasses.replace(get_activity("django.sessions"), purpose="Etwas anderes")
    monkeypatch.setitem(registry.activities, "django.sessions", changed)
    monkeypatch.delitem(registry.activities, "django.accounts")

    drift = policy_drift()

    assert (drift.changed, drift.removed) == (["django.sessions"], ["django.accounts"])


def test_staff_only_activities_never_drift_the_public_policy(monkeypatch):
    publish()
    declare_newsletter(monkeypatch, audience=Audience.STAFF)

    assert policy_drift() is None


def test_a_new_processor_is_drift(monkeypatch):
    publish()
    monkeypatch.setitem(
        registry.processors,
        "mail",
        Processor(key="mail", name="Post AG", address="Bonn", service="Briefversand"),
    )

    assert policy_drift().processors_changed


def test_a_hand_written_version_describes_no_activity():
    policy_version_record(number="1.3", valid_from=date(2012, 11, 1), content_de="<p>alt</p>")

    drift = policy_drift()

    assert "django.sessions" in drift.new and drift.processors_changed
