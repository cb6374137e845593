"""The demo customer logs in, reports a meter reading that is lower than the last one,
is asked to confirm it, confirms, and finds it under "Meine Aufträge"; every page on the
way passes axe. The transaction forms fit a phone's screen."""

import re

import pytest

from conftest import assert_accessible
from portal.demo import DEMO_LOGIN_EMAIL, DEMO_PASSWORD

PHONE = {"width": 360, "height": 740}


def log_in(site, page) -> None:
    page.goto(site.url + "/kundencenter/anmelden/")
    page.locator("#id_login").fill(DEMO_LOGIN_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("heading", name=re.compile("^Willkommen")).wait_for()


def test_a_meter_reading_is_confirmed_sent_and_listed(site, page):
    log_in(site, page)
    assert_accessible(page)

    page.goto(site.url + "/kundencenter/zaehlerstand/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Zähler ")).first.click()
    page.get_by_role("heading", name=re.compile("^Zählerstand melden: Zähler")).wait_for()
    assert_accessible(page)
    meter = page.get_by_role("heading", level=1).inner_text().rsplit(" ", 1)[-1]

    page.locator("#id_value").fill("1")
    page.get_by_role("button", name="Zählerstand senden").click()

    assert (
        page.locator("#id_value_error")
        .inner_text()
        .startswith("Der Zählerstand ist niedriger als der letzte Stand")
    )
    assert page.locator("#id_value").input_value() == "1"
    assert_accessible(page)
    page.get_by_label("Ich habe den Zählerstand geprüft, er ist richtig.").check()
    page.get_by_role("button", name="Zählerstand senden").click()

    page.get_by_text("Vielen Dank, Ihr Auftrag ist bei uns eingegangen.").wait_for()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"Auftrag Nr\. \d+: Zählerstand", heading), heading
    assert "ungewöhnlicher Stand, von Ihnen bestätigt" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Meine Aufträge").first.click()
    page.get_by_role("heading", name="Meine Aufträge").wait_for()
    row = page.get_by_role("row").filter(has_text=meter)
    assert "offen" in row.inner_text()
    assert "1,0" in row.inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["zaehlerstand/", "bankverbindung/", "umzug/", "kontaktdaten/"])
def test_the_transaction_pages_fit_a_phone(site, page, path):
    log_in(site, page)
    page.set_viewport_size(PHONE)
    page.goto(site.url + "/kundencenter/" + path)
    if path in ("zaehlerstand/", "umzug/"):  # a choice first: the first meter or address
        page.locator(f"main a[href^='/kundencenter/{path}']").first.click()
        page.wait_for_load_state()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0, f"{page.url} is {overflow}px wider than the phone"
    assert_accessible(page)


def test_check_boxes_and_radio_buttons_sit_beside_their_labels_on_a_phone(site, page):
    log_in(site, page)
    page.set_viewport_size(PHONE)
    boxes_on = {
        "/kundencenter/bankverbindung/": [
            ("#id_mandate_accepted", "label[for=id_mandate_accepted]")
        ],
        "/kundencenter/kontaktdaten/": [
            ("#id_correspondence_1", "label[for=id_correspondence_1]"),
            ("#id_correspondence_2", "label[for=id_correspondence_2]"),
        ],
    }
    for path, pairs in boxes_on.items():
        page.goto(site.url + path)
        for control, label in pairs:
            box = page.locator(control).bounding_box()
            text = page.locator(label).bounding_box()

            assert box["width"] < 40, (path, control, box)
            assert box["x"] + box["width"] <= text["x"], (path, control, box, text)
            assert box["y"] < text["y"] + text["height"], (path, control, box, text)
