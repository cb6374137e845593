"""The whole way of a newcomer, as in development: register with the demo data, find
the activation link in the file mailbox (var/mail/ there), log in, report a meter
reading (a mistyped one is queried first) and find it under 'Meine Aufträge'."""

import re
from email import message_from_bytes
from pathlib import Path

import pytest

from conftest import assert_accessible
from portal.models import CustomerRequest, Meter
from portal.transactions.consumption import last_reading

PASSWORD = "Wasserturm-Abendrot-17"


@pytest.fixture
def mailbox(settings, tmp_path) -> Path:
    settings.MAILERS = {
        "default": {
            "BACKEND": "stadtwerk.mail.ReadableFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    return tmp_path


def newest_mail_text(mailbox: Path) -> str:
    newest = max(mailbox.iterdir(), key=lambda file: file.stat().st_mtime_ns)
    message = message_from_bytes(newest.read_bytes())
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")


def test_register_activate_log_in_and_report_a_meter_reading(site, page, mailbox):
    page.goto(site.url + "/kundencenter/registrieren/")
    page.locator("#id_customer_number").fill("1000001")
    page.locator("#id_name").fill("Müller")
    page.locator("#id_town").fill("Musterstadt")
    page.locator("#id_email").fill("erika@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Vielen Dank, Ihre Registrierung ist eingegangen").wait_for()

    link = re.search(r"/kundencenter/aktivieren/\S+/", newest_mail_text(mailbox)).group(0)
    page.goto(site.url + link)
    page.get_by_role("button", name="Zugang aktivieren").click()
    page.locator("#id_login").fill("erika@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("heading", name="Willkommen, Erika Müller").wait_for()

    page.get_by_role("link", name="Zählerstand melden").first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Z-")).first.click()
    page.get_by_role("heading", name=re.compile("Zählerstand melden: Zähler")).wait_for()
    meter_number = page.url.rstrip("/").rsplit("/", 1)[-1]
    meter = Meter.objects.get(number=meter_number)
    last = last_reading(meter)
    assert_accessible(page)

    lower = int(last.value) - 1  # a slip of the finger, or a meter changed
    page.get_by_label("Zählerstand").first.fill(str(lower))
    page.get_by_role("button", name="Zählerstand senden").click()
    page.locator("#id_value_error").wait_for()
    assert_accessible(page)
    assert not CustomerRequest.objects.exists()
    assert page.get_by_label("Zählerstand").first.input_value() == str(lower)

    page.locator("#id_confirm").check()  # the customer is sure: the meter shows it
    page.get_by_role("button", name="Zählerstand senden").click()
    page.get_by_text("Vielen Dank, Ihr Auftrag ist bei uns eingegangen.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Meine Aufträge").last.click()
    row = page.get_by_role("row", name=re.compile("^Zählerstand"))
    assert row.inner_text().endswith("offen")
    shown = f"Zähler {meter_number}: {lower},0 {meter.get_unit_display()}"
    assert f"{shown} (ungewöhnlicher Stand, von Ihnen bestätigt)" in row.inner_text()
    assert_accessible(page)
    submitted = CustomerRequest.objects.get()
    assert (submitted.kind, submitted.meter.number) == ("meter_reading", meter_number)
