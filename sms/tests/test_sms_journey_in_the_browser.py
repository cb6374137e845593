"""A customer logs in, writes an SMS while the counter follows along, sends it, and
the development gateway's file appears; the page then shows 4 of 5 left."""

from playwright.sync_api import expect

from conftest import assert_accessible
from portal.demo import DEMO_LOGIN_EMAIL, DEMO_PASSWORD


def test_log_in_send_an_sms_and_see_it_in_the_gateway_file(site, page, settings, tmp_path):
    settings.SMS_BACKEND = "sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    page.goto(site.url + "/kundencenter/anmelden/")
    page.locator("#id_login").fill(DEMO_LOGIN_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("link", name="Kostenlose SMS").first.click()
    page.get_by_role("heading", name="Kostenlose SMS").wait_for()
    assert page.locator("#sms-left").inner_text() == "Heute noch 5 von 5 kostenlosen SMS."
    assert_accessible(page)

    page.get_by_label("Handynummer des Empfängers").fill("0151 23456789")
    page.get_by_label("Text").fill("Komme um 8 – bis später! 😀")
    counter = page.locator("#sms-length")
    assert "27 Zeichen · 1 von höchstens 3 SMS · noch 43 Zeichen" in counter.inner_text()
    assert "außerhalb des SMS-Zeichensatzes" in counter.inner_text()
    # The script counts live, so the no-JavaScript button is not needed.
    assert page.get_by_role("button", name="Länge prüfen").count() == 0
    page.get_by_role("button", name="SMS senden").click()

    page.get_by_text("Ihre SMS wird versendet.").wait_for()
    assert page.locator("#sms-left").inner_text() == "Heute noch 4 von 5 kostenlosen SMS."
    expect(page.get_by_role("cell", name="versendet", exact=True)).to_be_visible()
    assert_accessible(page)
    (sms_file,) = tmp_path.glob("*.txt")
    assert sms_file.read_text() == "An: +4915123456789\n\nKomme um 8 – bis später! 😀\n"


def test_without_javascript_the_length_is_checked_by_the_server(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(site.url + "/kundencenter/anmelden/")
    page.locator("#id_login").fill(DEMO_LOGIN_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.goto(site.url + "/kundencenter/sms/")
    page.get_by_label("Text").fill("€" * 81)
    page.get_by_role("button", name="Länge prüfen").click()
    expect(page.locator("#sms-length")).to_contain_text("162 Zeichen · 2 von höchstens 3 SMS")
    assert page.get_by_label("Text").input_value() == "€" * 81  # the text is kept
    context.close()
