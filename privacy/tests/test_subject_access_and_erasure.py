"""A data subject's records are found by whatever they can show (e-mail in any case,
customer number, phone), exported as plain JSON without secrets, and erased in every
activity except where a hold keeps them; nobody else's records are touched."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from privacy.models import RetentionHold, object_key
from privacy.services import hold_place
from privacy.subjects import Subject, subject_erase, subject_export
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Account, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(clock):
    """Anna's account, an open and a completed contact ticket, and a callback."""
    return {
        "account": Account.objects.create(
            customer_number="100200", email="anna@example.org", password="md5$salt$hash"
        ),
        "open": Ticket.objects.create(
            kind="contact", email="Anna@Example.org", concern="Zählerstand", customer_number=""
        ),
        "done": Ticket.objects.create(
            kind="contact",
            customer_number="100200",
            concern="Abschlag",
            done_at=NOW - timedelta(days=2),
        ),
        "callback": Ticket.objects.create(kind="callback", phone="+4923400001"),
    }


@pytest.fixture
def bernd(clock):
    """Someone else with records of the same kinds."""
    return {
        "account": Account.objects.create(
            customer_number="100300", email="bernd@example.org", password="md5$salt$other"
        ),
        "contact": Ticket.objects.create(
            kind="contact", email="bernd@example.org", customer_number="100300"
        ),
        "callback": Ticket.objects.create(kind="callback", phone="+4923400002"),
    }


def ids(rows: list[dict]) -> set[int]:
    return {row["id"] for row in rows}


def test_export_matches_the_email_in_any_case_and_groups_by_activity(anna, bernd):
    export = subject_export(Subject(emails=("ANNA@example.ORG",)))

    assert set(export) == {"fixture.accounts", "fixture.contact"}
    assert ids(export["fixture.accounts"]) == {anna["account"].pk}
    assert ids(export["fixture.contact"]) == {anna["open"].pk}


def test_export_is_plain_json_ready_data(anna):
    export = subject_export(Subject(customer_number="100200"))

    assert json.loads(json.dumps(export)) == export
    [done] = export["fixture.contact"]
    assert done["done_at"] == (NOW - timedelta(days=2)).isoformat().replace("+00:00", "Z")
    assert done["concern"] == "Abschlag"
    assert all(type(row) is dict for rows in export.values() for row in rows)


def test_export_finds_records_by_customer_number(anna, bernd):
    export = subject_export(Subject(customer_number="100200"))

    assert set(export) == {"fixture.accounts", "fixture.contact"}
    assert ids(export["fixture.accounts"]) == {anna["account"].pk}
    assert ids(export["fixture.contact"]) == {anna["done"].pk}


def test_export_finds_records_by_phone(anna, bernd):
    export = subject_export(Subject(phones=("+4923400001",)))

    assert export == {
        "fixture.callback": [
            {
                "id": anna["callback"].pk,
                "kind": "callback",
                "email": "",
                "phone": "+4923400001",
                "customer_number": "",
                "concern": "",
                "done_at": None,
            }
        ]
    }


def test_export_combines_identifiers_and_lists_a_record_once(anna):
    export = subject_export(Subject(emails=("anna@example.org",), customer_number="100200"))

    assert ids(export["fixture.contact"]) == {anna["open"].pk, anna["done"].pk}
    assert len(export["fixture.accounts"]) == 1


def test_export_never_contains_a_password(anna, django_user_model):
    django_user_model.objects.create_user(
        username="anna", email="anna@example.org", password="geheim-123"
    )

    export = subject_export(Subject(emails=("anna@example.org",)))

    assert {"fixture.accounts", "django.accounts"} <= set(export)
    for rows in export.values():
        for row in rows:
            assert "password" not in row
    assert "geheim-123" not in json.dumps(export)
    assert "md5$" not in json.dumps(export)


def test_export_of_an_unknown_subject_is_empty(anna):
    assert subject_export(Subject(emails=("nobody@example.org",))) == {}


def test_erase_deletes_the_subjects_records_in_every_activity_but_keeps_held_ones(anna, bernd):
    hold = hold_place(
        record=anna["done"],
        reason=RetentionHold.Reason.STATUTORY,
        until=NOW + timedelta(days=365),
        placed_by=None,
    )
    bernds = {record.pk for record in bernd.values() if isinstance(record, Ticket)}

    result = subject_erase(
        Subject(emails=("anna@example.org",), customer_number="100200", phones=("+4923400001",))
    )

    assert result.erased == {"fixture.accounts": 1, "fixture.contact": 1, "fixture.callback": 1}
    assert result.held == {"fixture.contact": 1}
    assert set(Ticket.objects.values_list("pk", flat=True)) == {anna["done"].pk} | bernds
    assert list(Account.objects.all()) == [bernd["account"]]
    assert RetentionHold.objects.filter(pk=hold.pk).exists()


def test_erase_deletes_a_record_whose_hold_has_ended(anna):
    RetentionHold.objects.create(
        content_type=ContentType.objects.get_for_model(Ticket),
        object_id=object_key(Ticket, anna["open"].pk),
        reason=RetentionHold.Reason.EVIDENCE,
        until=NOW,
    )

    result = subject_erase(Subject(emails=("anna@example.org",)))

    assert (result.erased, result.held) == ({"fixture.accounts": 1, "fixture.contact": 1}, {})
    assert not Ticket.objects.filter(pk=anna["open"].pk).exists()


def test_erase_of_an_unknown_subject_changes_nothing(anna, bernd):
    before = Ticket.objects.count(), Account.objects.count()

    result = subject_erase(Subject(emails=("nobody@example.org",)))

    assert (result.erased, result.held) == ({}, {})
    assert (Ticket.objects.count(), Account.objects.count()) == before


def test_a_subject_needs_at_least_one_identifier():
    with pytest.raises(ValueError):
        Subject()
    with pytest.raises(ValueError):
        Subject(emails=("",), customer_number="", phones=("",))


def test_export_command_prints_the_export_as_json(anna):
    out = StringIO()

    call_command("privacy", "export", "--email", "Anna@example.org", stdout=out)

    printed = json.loads(out.getvalue())
    sections = {section["activity"]: section["records"] for section in printed["sections"]}
    assert sections == subject_export(Subject(emails=("anna@example.org",)))
    assert ids(sections["fixture.accounts"]) == {anna["account"].pk}
    assert printed["searched_by"]["emails"] == ["anna@example.org"]


def test_export_command_writes_the_same_as_a_pdf(anna, tmp_path):
    target = tmp_path / "auskunft.pdf"

    call_command(
        "privacy", "export", "--customer-number", "100200", "--pdf", str(target), stdout=StringIO()
    )

    assert target.read_bytes().startswith(b"%PDF")


def test_export_command_without_an_identifier_fails():
    with pytest.raises(CommandError, match="Kundennummer, eine E-Mail-Adresse oder"):
        call_command("privacy", "export", stdout=StringIO())


def test_erase_keeps_a_held_record_that_belongs_to_an_erased_account(clock, django_user_model):
    user = django_user_model.objects.create_user(username="anna", email="anna@example.org")
    address = EmailAddress.objects.create(
        user=user, email="anna@example.org", verified=True, primary=True
    )
    hold_place(
        record=address,
        reason=RetentionHold.Reason.EVIDENCE,
        until=NOW + timedelta(days=5),
        placed_by=None,
    )

    result = subject_erase(Subject(emails=("anna@example.org",)))

    # The account stays too: deleting it would take the held address with it.
    assert result.held == {"allauth.email_addresses": 1, "django.accounts": 1}
    assert EmailAddress.objects.filter(pk=address.pk).exists()
