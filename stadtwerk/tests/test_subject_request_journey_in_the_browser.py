"""A customer asks for a copy of their data in the customer centre, the data-protection
officer approves it at her desk, and the customer downloads it once."""

import json
import zipfile

from playwright.sync_api import expect

from conftest import assert_accessible
from portal.demo import DEMO_LOGIN_CUSTOMER, DEMO_LOGIN_EMAIL
from privacy.demo import DEMO_PASSWORD
from privacy.models import SubjectRequest


def customer_login(page, base_url):
    page.goto(base_url + "/kundencenter/anmelden/")
    page.locator("#id_login").fill(DEMO_LOGIN_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("link", name="Meine Daten").first.click()
    page.get_by_role("heading", name="Ihre Rechte").wait_for()


def officer_login(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("datenschutz")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(base_url + "/admin/")


def test_customer_asks_for_a_copy_the_officer_approves_the_customer_downloads_it(
    site, page, browser, tmp_path
):
    page.set_viewport_size({"width": 360, "height": 800})
    customer_login(page, site.url)
    assert_accessible(page)
    page.get_by_role("button", name="Kopie meiner Daten anfordern").click()
    request = SubjectRequest.objects.get(kind=SubjectRequest.Kind.ACCESS, user__isnull=False)
    expect(page.get_by_role("status")).to_contain_text(request.reference)

    officer = browser.new_context(locale="de-DE").new_page()
    officer_login(officer, site.url)
    officer.get_by_role("link", name="Betroffenenanträge").first.click()
    expect(officer.locator(f'tr[data-request="{request.reference}"]')).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("link", name=request.reference).click()
    officer.get_by_role("heading", name="Gesucht wird nach").wait_for()
    assert_accessible(officer)
    officer.get_by_role("button", name="Auskunft zusammenstellen").click()
    expect(officer.get_by_role("heading", name="Auskünfte")).to_be_visible()
    officer.context.close()

    page.reload()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ihre Auskunft herunterladen").click()
    archive_path = tmp_path / "auskunft.zip"
    download_info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        document = json.loads(archive.read(f"auskunft-{request.reference}.json"))
        assert archive.read(f"auskunft-{request.reference}.pdf").startswith(b"%PDF")
    sections = {section["activity"]: section for section in document["sections"]}
    [customer] = sections["portal.customers"]["records"]
    assert customer["customer_number"] == DEMO_LOGIN_CUSTOMER
    assert "portal.access_log" in sections  # the logins just made

    page.reload()
    expect(page.get_by_role("button", name="Ihre Auskunft herunterladen")).to_have_count(0)
    assert_accessible(page)
