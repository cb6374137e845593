"""A newcomer registers with the demo data, activates by the mailed link, logs in and
sees their contracts; every page on the way passes axe. The pages load no script."""

import re

from django.core import mail
from playwright.sync_api import expect

from conftest import assert_accessible

PASSWORD = "Wasserturm-Abendrot-17"


def test_registration_activation_login_and_contracts(site, page):
    page.goto(site.url + "/kundencenter/registrieren/")
    assert_accessible(page)
    page.locator("#id_customer_number").fill(" 1000001 ")
    page.locator("#id_name").fill("mueller")
    page.locator("#id_town").fill("MUSTERSTADT")
    page.locator("#id_email").fill("erika@example.org")
    page.locator("#id_password1").fill("geheim")
    page.locator("#id_password2").fill("geheim")
    page.get_by_role("button", name="Registrieren").click()

    expect(page.locator("#id_password1_error")).to_be_visible()
    assert page.locator("#id_name").input_value() == "mueller"
    assert_accessible(page)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Vielen Dank, Ihre Registrierung ist eingegangen").wait_for()
    assert_accessible(page)

    link = re.search(r"/kundencenter/aktivieren/\S+/", mail.outbox[-1].body).group(0)
    assert mail.outbox[-1].to == ["erika@example.org"]
    page.goto(site.url + link)
    assert_accessible(page)
    page.get_by_role("button", name="Zugang aktivieren").click()

    page.get_by_role("heading", name="Im Online-Kundencenter anmelden").wait_for()
    assert_accessible(page)
    page.locator("#id_login").fill("erika@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()

    page.get_by_role("heading", name="Willkommen, Erika Müller").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Verträge und Zähler").click()
    page.get_by_role("link", name=re.compile("^Strom")).first.click()
    page.get_by_role("heading", name=re.compile("Zähler Z-")).first.wait_for()
    assert_accessible(page)

    page.goto(site.url + link)
    page.get_by_role("heading", name="Dieser Link gilt nicht mehr").wait_for()
    assert_accessible(page)
