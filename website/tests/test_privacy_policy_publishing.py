"""An editor publishes a new version of the privacy policy in the Wagtail admin."""

from playwright.sync_api import expect

from privacy.models import PolicyVersion
from website.demo import DEMO_PASSWORD


def test_the_data_protection_officer_publishes_a_new_version(site, page):
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto(site.url + "/admin/login/")
    page.locator("#id_username").fill("datenschutz")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Datenschutzerklärung").click()

    page.get_by_label("Versionsnummer").fill("1.9")
    page.get_by_label("Gültig ab").fill("2030-01-01")
    page.get_by_role("button", name="Version veröffentlichen").click()
    expect(
        page.get_by_text("Die Versionsnummer muss höher sein als die zuletzt veröffentlichte")
    ).to_be_visible()
    expect(page.get_by_label("Versionsnummer")).to_have_value("1.9")

    page.get_by_label("Versionsnummer").fill("2.1")
    page.get_by_role("button", name="Version veröffentlichen").click()

    expect(
        page.get_by_text("Version 2.1 der Datenschutzerklärung ist veröffentlicht.")
    ).to_be_visible()
    assert PolicyVersion.objects.filter(number="2.1").exists()
    assert violations == []
