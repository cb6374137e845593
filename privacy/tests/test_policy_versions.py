"""Privacy-policy versions: generated from the registry, frozen when published, never
changed afterwards, and numbered and dated only forwards."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from privacy.models import PolicyVersion, PublishedPolicyVersionError
from privacy.registry import Activity, registry
from privacy.rules import MaxAge
from privacy.services import policy_version_publish, policy_version_record

pytestmark = pytest.mark.django_db

CONTROLLER = {
    "company": "Stadtwerke Musterstadt GmbH",
    "address": "Hauptstraße 1\n12345 Musterstadt",
    "register": "Amtsgericht Musterstadt HRB 1",
    "vat_id": "DE123456789",
    "managing_directors": "Erika Muster",
    "dpo_name": "Petra Harder",
    "dpo_email": "datenschutz@stadtwerke.example",
    "dpo_address": "Hauptstraße 1\n12345 Musterstadt",
    "supervisory_authority": "Aufsichtsbehörde Musterland\nAmtsweg 2\n54321 Landeshauptstadt",
}


def publish(number="2.0", valid_from=date(2025, 3, 1), **overrides) -> PolicyVersion:
    arguments = {
        "number": number,
        "valid_from": valid_from,
        "intro_html": "<p>Einleitung der Redaktion</p>",
        "closing_html": "<p>Schlusswort der Redaktion</p>",
        "controller": CONTROLLER,
        **overrides,
    }
    return policy_version_publish(**arguments)


def test_a_published_version_reads_the_same_after_the_registry_changed(monkeypatch):
    version = publish()
    monkeypatch.setitem(
        registry.activities,
        "late.newsletter",
        Activity(
            key="late.newsletter",
            title="Newsletter",
            purpose="Versand von Neuigkeiten",
            legal_basis="Art. 6 Abs. 1 lit. a DSGVO",
            data=("E-Mail-Adresse",),
            recipients=("Marketing",),
            retention=MaxAge(field="created_at", days=30),
            model="auth.User",
        ),
    )

    later = publish(number="2.1", valid_from=date(2025, 4, 1))

    stored = PolicyVersion.objects.get(number="2.0")
    assert stored.content_de == version.content_de
    assert "Newsletter" not in stored.content_de
    assert "Newsletter" in later.content_de


def test_a_published_version_cannot_be_saved_again():
    version = publish()
    version.content_de = "<p>Nachträglich geändert</p>"

    with pytest.raises(PublishedPolicyVersionError):
        version.save()

    assert "Nachträglich" not in PolicyVersion.objects.get(number="2.0").content_de


def test_a_published_version_cannot_be_deleted():
    version = publish()

    with pytest.raises(PublishedPolicyVersionError):
        version.delete()

    assert PolicyVersion.objects.filter(number="2.0").exists()


@pytest.mark.parametrize(
    "bulk_write",
    [
        lambda versions: versions.update(content_de="<p>überschrieben</p>"),
        lambda versions: versions.delete(),
        lambda versions: PolicyVersion.objects.bulk_update([versions.get()], fields=["content_de"]),
        lambda versions: PolicyVersion.objects.update_or_create(
            number="2.0", defaults={"content_de": "<p>überschrieben</p>"}
        ),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_bulk_writes_cannot_change_a_published_version(bulk_write):
    original = publish().content_de

    with pytest.raises(PublishedPolicyVersionError), transaction.atomic():
        bulk_write(PolicyVersion.objects.filter(number="2.0"))

    assert PolicyVersion.objects.get(number="2.0").content_de == original


def test_the_number_must_be_higher_than_the_latest():
    publish(number="1.9", valid_from=date(2025, 1, 1))

    with pytest.raises(ValidationError) as error:
        publish(number="1.9", valid_from=date(2025, 2, 1))
    assert error.value.message_dict == {
        "number": [
            "Die Versionsnummer muss höher sein als die zuletzt veröffentlichte Version 1.9."
        ]
    }
    with pytest.raises(ValidationError):
        publish(number="1.4", valid_from=date(2025, 2, 1))

    assert publish(number="1.10", valid_from=date(2025, 2, 1)).number == "1.10"


def test_a_new_version_cannot_be_valid_before_the_latest():
    publish(number="2.0", valid_from=date(2025, 3, 1))

    with pytest.raises(ValidationError) as error:
        publish(number="2.1", valid_from=date(2025, 2, 28))

    assert error.value.message_dict == {
        "valid_from": [
            "Eine neue Version kann nicht vor der Version 2.0 gelten, die seit dem "
            "1. März 2025 gilt."
        ]
    }
    assert not PolicyVersion.objects.filter(number="2.1").exists()


@pytest.mark.parametrize("number", ["2", "2.0.1", "10.4", "0.9"])
def test_well_formed_numbers_are_accepted(number):
    assert publish(number=number).number == number


@pytest.mark.parametrize("number", ["", "v2", "2.", "1.03", "2,0", "1.2.3.4.5", "2.0 "])
def test_malformed_numbers_are_refused_with_a_german_message(number):
    with pytest.raises(ValidationError) as error:
        publish(number=number)

    assert error.value.message_dict == {
        "number": [
            "Bitte eine Versionsnummer wie 1.3 oder 2.0 angeben (Ziffern, durch Punkte getrennt)."
        ]
    }


def test_publishing_needs_the_controller_and_the_supervisory_authority():
    controller = {**CONTROLLER, "dpo_email": " ", "supervisory_authority": ""}

    with pytest.raises(ValidationError) as error:
        publish(controller=controller)

    assert error.value.messages == [
        "Für die Datenschutzerklärung fehlen Angaben zum Verantwortlichen: "
        "E-Mail der Datenschutzbeauftragten, Aufsichtsbehörde."
    ]
    assert not PolicyVersion.objects.exists()


def test_the_current_version_is_the_newest_already_valid():
    policy_version_record(number="1.3", valid_from=date(2012, 11, 1), content_de="<p>alt</p>")
    publish(number="2.0", valid_from=date(2025, 3, 1))
    publish(number="2.1", valid_from=date(2030, 1, 1))

    assert PolicyVersion.objects.current(date(2012, 10, 31)) is None
    assert PolicyVersion.objects.current(date(2025, 2, 28)).number == "1.3"
    assert PolicyVersion.objects.current(date(2025, 3, 1)).number == "2.0"
    assert PolicyVersion.objects.current(date(2030, 1, 1)).number == "2.1"


def test_a_version_without_english_text_is_shown_in_german():
    version = policy_version_record(
        number="1.3", valid_from=date(2012, 11, 1), content_de="<p>alt</p>"
    )

    assert version.content("en") == ("<p>alt</p>", "de")
    assert publish().content("en")[1] == "en"


def test_an_object_with_a_stored_versions_key_cannot_overwrite_it():
    stored = publish()
    impostor = PolicyVersion(
        pk=stored.pk,
        number="9.0",
        valid_from=date(2030, 1, 1),
        published_at=stored.published_at,
        content_de="<p>untergeschoben</p>",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()

    assert PolicyVersion.objects.get(pk=stored.pk).content_de == stored.content_de


def test_the_database_refuses_to_change_a_version_even_through_raw_sql():
    stored = publish()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_policyversion SET content_de = %s WHERE id = %s",
            ["<p>überschrieben</p>", stored.pk],
        )

    assert PolicyVersion.objects.get(pk=stored.pk).content_de == stored.content_de
