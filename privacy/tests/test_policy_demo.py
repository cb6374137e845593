"""The demo data holds the 2012 version as published then and a current version
generated from the registry; loading it again changes nothing."""

from datetime import date

import pytest
from django.core.management import call_command

from privacy.coverage import uncovered_models
from privacy.demo import policy_demo_versions_ensure
from privacy.models import PolicyVersion
from privacy.selectors import policy_drift
from privacy.tests.test_policy_versions import CONTROLLER

pytestmark = pytest.mark.django_db


def test_demo_has_the_2012_text_and_a_current_generated_version():
    policy_demo_versions_ensure(controller=CONTROLLER)

    old, current = PolicyVersion.objects.order_by("valid_from")
    assert (old.number, old.valid_from) == ("1.3", date(2012, 11, 1))
    assert old.content_de.startswith("<h2>Grundsätzliches</h2>")
    assert "Version dieser Datenschutzerklärung: 1.3, gültig seit November 2012" in (old.content_de)
    assert "Fastcom GmbH &amp; Co. KG, Hardenbergstraße 12, 10623 Berlin" in old.content_de
    assert old.content_en == ""
    assert current.number == "2.0"
    assert PolicyVersion.objects.current(date.today()) == current
    assert "Art. 77 DSGVO" in current.content_de
    assert "Your rights" in current.content_en
    assert policy_drift() is None


def test_loading_the_demo_twice_changes_nothing():
    policy_demo_versions_ensure(controller=CONTROLLER)
    before = list(PolicyVersion.objects.values())

    policy_demo_versions_ensure(controller={**CONTROLLER, "company": "Andere GmbH"})

    assert list(PolicyVersion.objects.values()) == before


def test_policy_versions_hold_no_personal_data():
    assert "privacy.PolicyVersion" not in {item.model for item in uncovered_models()}
    call_command("check", fail_level="ERROR")
