"""A visitor finds the privacy policy, opens an earlier version and comes back."""

import re

from playwright.sync_api import expect

from conftest import assert_accessible


def test_visitor_reads_the_current_policy_and_an_earlier_version(site, page):
    page.goto(site.url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kontakt & Hilfe"
    ).click()
    page.get_by_role("navigation", name="Kontakt & Hilfe").get_by_role(
        "link", name="Datenschutz", exact=True
    ).click()

    expect(page).to_have_url(re.compile(r"/kontakt-hilfe/datenschutz/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Datenschutz")
    expect(page.get_by_text("Version 2.0, gültig seit 1. März 2025")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Widerspruch gegen die Nutzungsanalyse")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Ihre Rechte")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Frühere Versionen dieser Datenschutzerklärung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Versionen der Datenschutzerklärung")
    assert_accessible(page)

    page.get_by_role("link", name="Version 1.3").click()
    expect(page).to_have_url(re.compile(r"/kontakt-hilfe/datenschutz/versionen/1\.3/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Datenschutzerklärung, Version 1.3")
    expect(page.get_by_role("heading", name="Grundsätzliches")).to_be_visible()
    expect(
        page.get_by_text("Dies ist eine frühere Fassung. Heute gilt Version 2.0.")
    ).to_be_visible()
    assert_accessible(page)

    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/kontakt-hilfe/datenschutz/$"))
    expect(page.get_by_text("Version 2.0, gültig seit 1. März 2025")).to_be_visible()
