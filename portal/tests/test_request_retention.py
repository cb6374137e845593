"""A request and its meter photos are kept only so the customer can see what they
sent: once the billing system has taken a request over, the privacy registry's purge
deletes it PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS later. Open requests stay, the
privacy audit reports any transferred request kept longer, and while they are kept they
are part of the customer's data export."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from portal.models import CustomerRequest, RequestPhoto
from portal.privacy import TRANSFERRED_REQUEST_RETENTION
from portal.tests.transactions_helpers import TODAY, history_add, requests_of_each_kind
from privacy.retention import overdue, purge

pytestmark = pytest.mark.django_db
DAYS = settings.PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS


@pytest.fixture
def march(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return time_machine


@pytest.fixture
def transferred_and_open(march, juergen, other):
    """Five requests of Jürgen's (one with a photo), handed over today; then five of
    Petra's, still open."""
    history_add(juergen)
    history_add(other)
    transferred = requests_of_each_kind(juergen)
    call_command("portal", "export", stdout=io.StringIO(), stderr=io.StringIO())
    still_open = requests_of_each_kind(other)
    return transferred, still_open


def test_the_rule_is_the_configured_number_of_days_after_the_transfer():
    assert TRANSFERRED_REQUEST_RETENTION.field == "transferred_at"
    assert TRANSFERRED_REQUEST_RETENTION.days == DAYS == 30


def test_within_the_period_the_purge_keeps_transferred_requests(transferred_and_open, march):
    march.shift(timedelta(days=DAYS - 1))

    call_command("privacy", "purge", stdout=io.StringIO())

    assert CustomerRequest.objects.count() == 10
    assert RequestPhoto.objects.count() == 2
    assert overdue() == []


def test_after_the_period_the_purge_deletes_transferred_requests_and_their_photos(
    transferred_and_open, march
):
    _, still_open = transferred_and_open
    march.shift(timedelta(days=DAYS, seconds=1))
    out = io.StringIO()

    call_command("privacy", "purge", stdout=out)

    assert set(CustomerRequest.objects.all()) == set(still_open)
    assert list(RequestPhoto.objects.values_list("request", flat=True)) == [still_open[0].pk]
    assert "portal.customer_requests: 5 gelöscht" in out.getvalue()


def test_an_open_request_is_kept_however_old(march, juergen):
    history_add(juergen)
    requests_of_each_kind(juergen)
    march.shift(timedelta(days=3 * 365))

    purge()

    assert CustomerRequest.objects.count() == 5
    assert RequestPhoto.objects.count() == 1


def test_the_photos_alone_are_purged_by_their_own_rule_as_well(transferred_and_open, march):
    march.shift(timedelta(days=DAYS + 1))

    results = purge(activity_key="portal.meter_photos")

    assert [(r.activity, r.count, r.error) for r in results] == [("portal.meter_photos", 1, "")]
    assert RequestPhoto.objects.count() == 1
    assert CustomerRequest.objects.count() == 10


def test_the_audit_flags_a_transferred_request_kept_too_long(transferred_and_open, march):
    march.shift(timedelta(days=DAYS + 1))
    out = io.StringIO()

    with pytest.raises(SystemExit) as exit:
        call_command("privacy", "audit", stdout=out)

    assert exit.value.code == 1
    assert "portal.customer_requests: 5 Datensätze älter als erlaubt" in out.getvalue()
    assert "portal.meter_photos: 1 Datensatz älter als erlaubt" in out.getvalue()


def test_the_customers_data_export_holds_their_requests_but_no_claim_tokens_or_pictures(
    transferred_and_open, juergen
):
    from privacy.subjects import Subject, subject_export

    exported = subject_export(Subject(customer_number="3000001"))

    requests = exported["portal.customer_requests"]
    assert {row["kind"] for row in requests} == set(CustomerRequest.Kind.values)
    assert all(row["customer_id"] == juergen.pk for row in requests)
    assert not any("claim_token" in row for row in requests)
    [photo] = exported["portal.meter_photos"]
    assert photo["meter_number"] == "Z-3000001"
    assert "image" not in photo
