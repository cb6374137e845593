"""Whatever mix of records and holds exists, purge keeps exactly what the rule and
the holds allow: nothing due survives and nothing else is lost, right up to the
second at the limit."""

from datetime import timedelta

import time_machine
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from privacy.models import RetentionHold, object_key
from privacy.retention import purge
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Ticket, Visit

DAY = 24 * 60 * 60
CONTACT_LIMIT = 30 * DAY
VISIT_LIMIT = 90 * DAY

PROPERTY_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])


def ages_around(limit: int) -> st.SearchStrategy[int]:
    """Ages in seconds: a few seconds either side of `limit`, or anywhere near it."""
    return st.one_of(
        st.integers(-3, 3).map(lambda delta: limit + delta),
        st.integers(limit - 2 * DAY, limit + 2 * DAY),
        st.integers(-DAY, 2 * limit),
    )


#: A hold's end relative to NOW, in seconds: just before, at or just after it.
hold_ends = st.one_of(st.integers(-3, 3), st.integers(-3 * DAY, 3 * DAY))
holds = st.lists(hold_ends, max_size=2)


def hold_on(model, pk, until_offset: int) -> None:
    """A hold as it may stand at purge time, whether or not it is still running.

    Made directly rather than with hold_place(), which refuses an end in the past.
    """
    RetentionHold.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_key(model, pk),
        reason=RetentionHold.Reason.EVIDENCE,
        until=NOW + timedelta(seconds=until_offset),
    )


def held(hold_offsets: list[int]) -> bool:
    return any(offset > 0 for offset in hold_offsets)


class PurgeKeepsExactlyWhatTheRulesAllow(TestCase):
    @PROPERTY_SETTINGS
    # The edges are always tried, not left to chance: exactly at the limit, one second
    # past it, a hold ending exactly now and one ending a second later.
    @example(tickets=[(None, []), (CONTACT_LIMIT, []), (CONTACT_LIMIT + 1, [])])
    @example(
        tickets=[(CONTACT_LIMIT + 1, [0]), (CONTACT_LIMIT + 1, [1]), (CONTACT_LIMIT + 1, [-1, 1])]
    )
    @given(tickets=st.lists(st.tuples(st.none() | ages_around(CONTACT_LIMIT), holds), max_size=8))
    def test_contact_ticket_stays_iff_open_within_30_days_of_completion_or_held(self, tickets):
        expected, created = set(), set()
        for age, hold_offsets in tickets:
            done_at = None if age is None else NOW - timedelta(seconds=age)
            ticket = Ticket.objects.create(kind="contact", email="a@example.org", done_at=done_at)
            created.add(ticket.pk)
            for offset in hold_offsets:
                hold_on(Ticket, ticket.pk, offset)
            if age is None or age <= CONTACT_LIMIT or held(hold_offsets):
                expected.add(ticket.pk)

        with time_machine.travel(NOW, tick=False):
            results = {result.activity: result for result in purge()}

        remaining = set(Ticket.objects.values_list("pk", flat=True))
        assert remaining == expected
        assert results["fixture.contact"].count == len(created - expected)
        assert results["fixture.contact"].error == ""

    @PROPERTY_SETTINGS
    @example(visits=[(VISIT_LIMIT, []), (VISIT_LIMIT + 1, [])])
    @example(visits=[(VISIT_LIMIT + 1, [0]), (VISIT_LIMIT + 1, [1]), (VISIT_LIMIT + 1, [-1, 1])])
    @given(visits=st.lists(st.tuples(ages_around(VISIT_LIMIT), holds), max_size=8))
    def test_visit_stays_iff_at_most_90_days_old_or_held(self, visits):
        expected, created = set(), set()
        for age, hold_offsets in visits:
            visit = Visit.objects.create(
                ip_address="192.0.2.1", created_at=NOW - timedelta(seconds=age)
            )
            created.add(visit.pk)
            for offset in hold_offsets:
                hold_on(Visit, visit.pk, offset)
            if age <= VISIT_LIMIT or held(hold_offsets):
                expected.add(visit.pk)

        with time_machine.travel(NOW, tick=False):
            results = {result.activity: result for result in purge()}

        remaining = set(Visit.objects.values_list("pk", flat=True))
        assert remaining == expected
        assert results["fixture.visits"].count == len(created - expected)
