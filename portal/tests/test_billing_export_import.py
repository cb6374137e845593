import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal.management.commands.portal import ProgressBar
from portal.models import BankAccount, Contract, Customer, Meter, MeterReading

pytestmark = pytest.mark.django_db

GOOD_EXPORT = [
    json.loads(line)
    for line in (Path(__file__).parent / "billing_export.jsonl").read_text().splitlines()
]


def _export(tmp_path, records, name="export.jsonl"):
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records), encoding="utf-8"
    )
    return path


def test_import_loads_every_record_kind_and_reports_counts(tmp_path):
    out = io.StringIO()
    call_command("portal", "import", str(_export(tmp_path, GOOD_EXPORT)), stdout=out)

    customer = Customer.objects.get(customer_number="2000001")
    assert customer.town == "Musterstadt"
    contract = customer.contracts.get()
    assert contract.kind == Contract.Kind.ELECTRICITY
    assert Meter.objects.get(number="Z-1").meter_point.contract == contract
    assert MeterReading.objects.get().value == 4711
    assert BankAccount.objects.get().iban == "DE89370400440532013000"
    assert "customer: 1" in out.getvalue()


def test_loading_the_same_export_twice_changes_nothing(tmp_path):
    path = _export(tmp_path, GOOD_EXPORT)
    call_command("portal", "import", str(path), stdout=io.StringIO())
    call_command("portal", "import", str(path), stdout=io.StringIO())

    assert Customer.objects.count() == 1
    assert MeterReading.objects.count() == 1


def test_a_later_export_updates_the_master_data(tmp_path):
    call_command("portal", "import", str(_export(tmp_path, GOOD_EXPORT)), stdout=io.StringIO())
    moved = {**GOOD_EXPORT[1], "town": "Neudorf"}
    call_command(
        "portal", "import", str(_export(tmp_path, [moved], "update.jsonl")), stdout=io.StringIO()
    )

    assert Customer.objects.get(customer_number="2000001").town == "Neudorf"


def test_bad_lines_are_reported_by_number_and_the_rest_is_loaded(tmp_path):
    records = [
        GOOD_EXPORT[0],
        "{not json",
        {**GOOD_EXPORT[1], "postal_code": "1234"},
        {**GOOD_EXPORT[1], "customer_number": "2000002", "postal_code": "12346"},
        {**GOOD_EXPORT[2], "customer_number": "9999999"},
        {**GOOD_EXPORT[6], "customer_number": "2000002", "iban": "DE00 1234"},
        {"type": "spaceship"},
    ]
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "portal", "import", str(_export(tmp_path, records)), stdout=io.StringIO(), stderr=err
        )

    report = err.getvalue()
    assert raised.value.returncode == 1
    assert str(raised.value) == "5 Zeilen nicht geladen."
    assert "Zeile 2: kein gültiges JSON" in report
    assert "Zeile 3: postal_code" in report
    assert "Zeile 5: customer_number: Kundennummer 9999999 ist unbekannt" in report
    assert "Zeile 6: iban: Keine gültige IBAN." in report
    assert "Zeile 7: unbekannter Datensatztyp 'spaceship'" in report
    assert "Zeile 4" not in report
    assert list(Customer.objects.values_list("customer_number", flat=True)) == ["2000002"]
    assert not Contract.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="missing.jsonl kann nicht gelesen werden"):
        call_command("portal", "import", str(tmp_path / "missing.jsonl"))


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_shows_on_a_terminal_and_not_in_a_pipe():
    terminal, pipe = FakeTerminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = ProgressBar(stream, total=250)
        for line in range(1, 251):
            bar(line)

    assert terminal.getvalue().endswith("] 250/250\n")
    assert "100/250" in terminal.getvalue()
    assert pipe.getvalue() == ""
