"""A model that holds personal data fails `manage.py check` until an activity covers
it, and a declaration naming a missing model or field fails it too; the project as
it stands passes."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps

from privacy import checks
from privacy.coverage import covered_models, personal_fields, uncovered_models
from privacy.registry import Activity, Lookup, registry
from privacy.rules import MaxAge, UntilEvent

pytestmark = pytest.mark.django_db


def declared(**overrides) -> Activity:
    """An activity as privacy.py would declare it, for registering by hand."""
    return Activity(
        **{
            "key": "test.temporary",
            "title": "Vorübergehend",
            "purpose": "Test",
            "legal_basis": "Art. 6 Abs. 1 lit. f DSGVO",
            "data": ("Testdaten",),
            "recipients": ("niemand",),
            "retention": UntilEvent(event="bis zum Ende des Tests"),
            "model": "privacy_fixture.Visit",
            "unsearchable": "nur für diesen Test",
            **overrides,
        }
    )


def register_for_this_test(monkeypatch, activity: Activity) -> None:
    monkeypatch.setitem(registry.activities, activity.key, activity)


@isolate_apps("privacy")
def test_an_email_field_is_personal_data_whatever_its_name():
    class Newsletter(models.Model):
        recipient = models.EmailField()
        topic = models.CharField(max_length=50)

    [found] = uncovered_models([Newsletter])

    assert found.model == "privacy.Newsletter"
    assert found.fields == ("recipient",)


@isolate_apps("privacy")
def test_a_field_named_phone_is_personal_data():
    class Callback(models.Model):
        phone = models.CharField(max_length=30)
        mobile_number = models.CharField(max_length=30)
        slot = models.CharField(max_length=30)

    [found] = uncovered_models([Callback])

    assert found.fields == ("phone", "mobile_number")


@isolate_apps("privacy")
def test_a_link_to_a_user_account_is_personal_data():
    class Bookmark(models.Model):
        owner = models.ForeignKey(User, on_delete=models.CASCADE)
        url = models.URLField()

    [found] = uncovered_models([Bookmark])

    assert found.fields == ("owner",)


@isolate_apps("privacy")
def test_fields_listed_in_personal_data_fields_are_personal_data():
    class Meter(models.Model):
        number = models.CharField(max_length=20)
        reading_note = models.TextField()

        personal_data_fields = ("reading_note",)

    [found] = uncovered_models([Meter])

    assert found.fields == ("reading_note",)


@isolate_apps("privacy")
def test_a_model_without_personal_fields_is_not_reported():
    class Tariff(models.Model):
        title = models.CharField(max_length=50)
        cents_per_kwh = models.DecimalField(max_digits=6, decimal_places=2)
        valid_from = models.DateField()
        link = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

    assert personal_fields(Tariff) == []
    assert uncovered_models([Tariff]) == []


def test_a_covered_model_is_not_reported_however_personal_its_fields():
    from privacy.tests.fixture_app.models import Account, Ticket, Visit

    assert personal_fields(Ticket) == ["email", "phone", "customer_number", "concern"]
    assert uncovered_models([Account, Ticket, Visit]) == []


@isolate_apps("privacy")
def test_a_many_to_many_link_to_user_accounts_is_personal_data():
    class Team(models.Model):
        title = models.CharField(max_length=50)
        members = models.ManyToManyField(User)

    reported = uncovered_models([Team, Team.members.through])

    assert reported, "Team links rows to user accounts through Team.members"


@isolate_apps("privacy")
def test_check_reports_an_uncovered_model_as_privacy_e001(monkeypatch):
    class Complaint(models.Model):
        email = models.EmailField()

    monkeypatch.setattr(checks, "uncovered_models", lambda: uncovered_models([Complaint]))

    [error] = checks.check_personal_data_covered()

    assert error.id == "privacy.E001"
    assert error.obj == "privacy.Complaint"
    assert "privacy.Complaint" in error.msg and "email" in error.msg
    assert "not_personal" in error.hint


def test_the_project_passes_its_system_checks():
    assert checks.check_personal_data_covered() == []
    assert checks.check_declarations() == []
    call_command("check", stdout=StringIO())


@pytest.mark.parametrize(
    "label",
    [
        "sessions.session",
        "account.emailaddress",
        "mfa.authenticator",
        "wagtailcore.revision",
        "django_tasks_database.dbtaskresult",
        "auth.user",
    ],
)
def test_library_models_with_personal_data_are_declared(label):
    assert label in covered_models()


def test_check_reports_an_activity_naming_a_missing_model_as_privacy_e002(monkeypatch):
    register_for_this_test(monkeypatch, declared(model="privacy_fixture.Vistor"))

    [error] = checks.check_declarations()

    assert error.id == "privacy.E002"
    assert "'test.temporary'" in error.msg and "privacy_fixture.Vistor" in error.msg


def test_check_reports_a_model_name_without_app_label_as_privacy_e002(monkeypatch):
    register_for_this_test(monkeypatch, declared(model="Visit"))

    assert [error.id for error in checks.check_declarations()] == ["privacy.E002"]


def test_check_reports_a_misspelt_retention_field_as_privacy_e003(monkeypatch):
    register_for_this_test(monkeypatch, declared(retention=MaxAge(field="created", days=1)))

    [error] = checks.check_declarations()

    assert error.id == "privacy.E003"
    assert "'created'" in error.msg and "privacy_fixture.Visit" in error.msg


def test_check_reports_a_misspelt_subject_lookup_as_privacy_e003(monkeypatch):
    register_for_this_test(
        monkeypatch,
        declared(model="privacy_fixture.Ticket", subject=Lookup(email="e_mail", phone="phone")),
    )

    [error] = checks.check_declarations()

    assert error.id == "privacy.E003"
    assert "'e_mail'" in error.msg


def test_check_reports_a_misspelt_field_behind_a_relation_as_privacy_e003(monkeypatch):
    register_for_this_test(
        monkeypatch, declared(model="account.EmailAddress", subject=Lookup(email="user__emial"))
    )

    assert [error.id for error in checks.check_declarations()] == ["privacy.E003"]


def test_check_reports_an_objection_box_that_cannot_be_imported_as_privacy_e006(monkeypatch):
    register_for_this_test(monkeypatch, declared(objection="privacy.nowhere.objection_box"))

    [error] = checks.check_declarations()

    assert error.id == "privacy.E006"
    assert "'privacy.nowhere.objection_box'" in error.msg


@isolate_apps("privacy")
def test_a_misspelt_name_in_personal_data_fields_fails_the_check(monkeypatch):
    from privacy.checks import check_marked_fields_exist

    class Reading(models.Model):
        remark = models.TextField()
        personal_data_fields = ("remarks",)

    monkeypatch.setattr("privacy.checks.apps.get_models", lambda: [Reading])

    [error] = check_marked_fields_exist()

    assert error.id == "privacy.E005"
    assert "'remarks'" in error.msg


def test_an_activity_without_a_lookup_or_a_reason_fails_the_check_as_privacy_e007(monkeypatch):
    register_for_this_test(monkeypatch, declared(unsearchable=""))

    [error] = checks.check_declarations()

    assert error.id == "privacy.E007"
    assert "'test.temporary'" in error.msg


def test_every_declared_activity_says_how_a_subjects_records_are_found_or_why_not():
    assert [e for e in checks.check_declarations() if e.id == "privacy.E007"] == []
