"""Only staff with the dedicated permission export one customer's abuse-log entries
for a period, as a sealed CSV or PDF; every export is recorded, and a CSV copy can be
checked against its record later."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from pypdf import PdfReader

from sms.abuse_export import abuse_log_csv_verify
from sms.models import AbuseLogEntry, AbuseLogExport

URL = "/admin/sms/missbrauchsprotokoll/"
BERLIN = ZoneInfo("Europe/Berlin")


def _staff(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(
        username=username, first_name="Rita", last_name="Recht", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in codenames),
    )
    return user


@pytest.fixture
def legal(django_user_model):
    return _staff(django_user_model, "rechtsabteilung", "export_abuse_log")


@pytest.fixture
def entries(db):
    for at, ip in [
        (datetime(2026, 11, 2, 0, 15, tzinfo=BERLIN), "192.0.2.10"),  # 1 Nov 23:15 UTC
        (datetime(2026, 11, 15, 12, 0, tzinfo=BERLIN), "2001:db8::1"),
        (datetime(2026, 11, 30, 23, 59, tzinfo=BERLIN), "192.0.2.11"),
        (datetime(2026, 12, 1, 0, 0, tzinfo=BERLIN), "192.0.2.12"),  # outside
        (datetime(2026, 11, 1, 23, 59, tzinfo=BERLIN), "192.0.2.13"),  # outside
    ]:
        AbuseLogEntry.objects.create(customer_number="4000001", at=at, ip_address=ip)
    AbuseLogEntry.objects.create(
        customer_number="4999999", at=datetime(2026, 11, 15, tzinfo=BERLIN), ip_address="192.0.2.99"
    )


def _export(client, file_format, **overrides):
    data = {
        "customer_number": "4000001",
        "start": "2026-11-02",
        "end": "2026-11-30",
        "reason": "StA Bochum, Az. 123 Js 456/26",
        "file_format": file_format,
        **overrides,
    }
    return client.post(URL, data)


def test_general_staff_may_not_export(client, django_user_model, entries):
    client.force_login(_staff(django_user_model, "redaktion"))
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for response in (client.get(URL), _export(client, "csv")):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not AbuseLogExport.objects.exists()


def test_a_csv_export_holds_the_period_in_berlin_time_and_is_recorded(client, legal, entries):
    client.force_login(legal)
    response = _export(client, "csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = response.content.decode()
    assert "192.0.2.10" in text and "2001:db8::1" in text and "192.0.2.11" in text
    assert "192.0.2.12" not in text and "192.0.2.13" not in text and "192.0.2.99" not in text
    record = AbuseLogExport.objects.get()
    assert (record.customer_number, record.entry_count, record.exported_by) == (
        "4000001",
        3,
        legal,
    )
    assert record.reason == "StA Bochum, Az. 123 Js 456/26"
    assert record.exported_by_name == "Rita Recht"
    assert (record.period_start, record.period_end) == (date(2026, 11, 2), date(2026, 11, 30))
    assert abuse_log_csv_verify(response.content) == record


def test_an_altered_csv_fails_the_check(client, legal, entries):
    client.force_login(legal)
    content = _export(client, "csv").content
    assert abuse_log_csv_verify(content.replace(b"192.0.2.10", b"192.0.2.66")) is None


def test_a_pdf_export_shows_issuer_entries_reason_and_seal(client, legal, entries, settings):
    settings.UTILITY_NAME = "Stadtwerke Neudorf AöR"
    client.force_login(legal)
    response = _export(client, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    record = AbuseLogExport.objects.get()
    assert "4000001" in text and "192.0.2.11" in text and "02.11.2026 00:15:00" in text
    assert "123 Js 456/26" in text
    assert "Stadtwerke Neudorf AöR, kostenloser SMS-Service" in text
    assert record.seal[:20] in text.replace("\n", "")


def test_no_export_without_a_reason_or_with_a_reversed_period(client, legal, entries):
    client.force_login(legal)
    response = _export(client, "csv", reason="")
    assert "Ohne Anlass ist kein Export möglich." in response.content.decode()
    response = _export(client, "csv", start="2026-12-01", end="2026-11-01")
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in response.content.decode()
    assert not AbuseLogExport.objects.exists()


def test_the_page_lists_earlier_exports(client, legal, entries):
    client.force_login(legal)
    _export(client, "csv")
    page = client.get(URL).content.decode()
    assert "StA Bochum, Az. 123 Js 456/26" in page
    assert "Rita Recht" in page
