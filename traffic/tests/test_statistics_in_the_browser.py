"""In a real browser: a visitor's page views are recorded until they object on the
privacy page; a statistics user logs in to the admin, filters a range of days and
downloads the numbers."""

import csv
import io
import os
from datetime import timedelta

from playwright.sync_api import expect

from conftest import assert_accessible
from traffic.demo import DEMO_PASSWORD
from traffic.models import PageEvent

SCREENSHOT = os.environ.get("TRAFFIC_DASHBOARD_SCREENSHOT")


def test_a_visitor_objects_and_is_no_longer_recorded(site, page):
    page.goto(site.url + "/")
    page.goto(site.url + "/kontakt-hilfe/hilfe/")
    page.goto(site.url + "/kontakt-hilfe/datenschutz/")
    assert_accessible(page)
    assert PageEvent.objects.count() == 3

    page.get_by_role("button", name="Der Nutzungsanalyse widersprechen").click()

    page.get_by_text("Sie haben widersprochen.").wait_for()
    assert page.url.endswith("/kontakt-hilfe/datenschutz/#widerspruch-nutzungsanalyse")
    assert_accessible(page)
    recorded = PageEvent.objects.count()
    page.goto(site.url + "/")
    page.goto(site.url + "/kontakt-hilfe/")
    assert PageEvent.objects.count() == recorded

    page.goto(site.url + "/kontakt-hilfe/datenschutz/")
    page.get_by_role("button", name="Widerspruch zurücknehmen").click()
    page.get_by_role("button", name="Der Nutzungsanalyse widersprechen").wait_for()
    page.goto(site.url + "/")
    assert PageEvent.objects.count() > recorded


def test_a_statistics_user_filters_a_range_and_downloads_the_csv(site, page, berlin_noon):
    today = berlin_noon.date()
    start, end = today - timedelta(days=14), today - timedelta(days=1)
    page.goto(site.url + "/admin/")
    page.locator("#id_username").fill("statistik")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    page.get_by_role("link", name="Zugriffsstatistik").click()
    page.get_by_role("heading", name="So zählen wir").wait_for()
    expect(page.get_by_role("heading", name="Meistbesuchte Seiten")).to_be_visible()
    page.get_by_label("Von", exact=True).fill(start.isoformat())
    page.get_by_label("Bis", exact=True).fill(end.isoformat())
    page.get_by_role("button", name="Anzeigen").click()

    page.get_by_role("heading", name=f"Vom {start:%d.%m.%Y} bis {end:%d.%m.%Y}").wait_for()
    assert page.locator("svg.traffic-chart").count() == 8
    page.get_by_text("Zahlen als Tabelle: Seitenaufrufe je Tag").click()
    day_rows = page.get_by_role("table", name="Seitenaufrufe und Zugriffe je Tag")
    assert day_rows.locator("tbody tr").count() == 14
    assert_accessible(page)
    if SCREENSHOT:  # for a look at the layout
        page.set_viewport_size({"width": 1400, "height": 5600})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SCREENSHOT)
        page.set_viewport_size({"width": 1280, "height": 720})

    with page.expect_download() as download:
        page.get_by_role("link", name="Zahlen als CSV herunterladen").click()

    assert download.value.suggested_filename == f"zugriffsstatistik-{start}-{end}.csv"
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Tag", "Merkmal", "Wert"]
    assert {row[0] for row in rows[1:]} == {
        (start + timedelta(days=offset)).isoformat() for offset in range(14)
    }

    page.get_by_label("Von", exact=True).fill(end.isoformat())
    page.get_by_label("Bis", exact=True).fill(start.isoformat())
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_role("alert").get_by_text("Das Anfangsdatum liegt nach dem Enddatum").wait_for()
    assert_accessible(page)
