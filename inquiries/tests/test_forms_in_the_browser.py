"""Journeys through the real form pages in a browser: every form with JavaScript (the
proof of work replaces the question), one without JavaScript, one with cookies
blocked, the error page, and staff working the inbox and the callback list."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from inquiries.models import Inquiry
from inquiries.opening_hours import open_days_ahead
from website.demo import DEMO_PASSWORD


@pytest.fixture
def quick_proof_of_work(settings):
    settings.INQUIRIES_ALTCHA_MAX_NUMBER = 5000


def only_local(page) -> list[str]:
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def foreign(urls):
    return [url for url in urls if urlsplit(url).hostname not in ("127.0.0.1", None)]


def answer_question(page) -> None:
    label = page.locator("label[for=id_human_check]").inner_text()
    first, second = re.search(r"(\d+) \+ (\d+)", label).groups()
    page.locator("#id_human_check").fill(str(int(first) + int(second)))


def reference_shown(page) -> str:
    page.get_by_text("Vielen Dank, Ihre Nachricht ist eingegangen.").wait_for()
    return page.locator(".reference").inner_text()


def fill_contact(page) -> None:
    page.locator("#id_salutation").select_option("ms")
    page.locator("#id_name").fill("Erika Mustermann")
    page.locator("#id_email").fill("erika@example.org")
    page.locator("#id_topic").select_option(label="Umzug")
    page.locator("#id_concern").fill("Ich ziehe am 1. Juli um.\nBitte Zähler ablesen.")


def test_contact_form_with_javascript_needs_no_question(site, page, quick_proof_of_work):
    requests = only_local(page)
    page.goto(site.url + "/kontakt-hilfe/kontaktformular/")
    assert_accessible(page)
    page.locator("[data-human-check]").wait_for(state="hidden")

    fill_contact(page)
    page.locator("#id_wants_confirmation").check()
    page.get_by_role("button", name="Absenden").click()

    reference = reference_shown(page)
    assert_accessible(page)
    inquiry = Inquiry.objects.get(reference=reference)
    assert inquiry.concern == "Ich ziehe am 1. Juli um.\nBitte Zähler ablesen."
    assert inquiry.unit.slug == "kundenservice"
    assert foreign(requests) == []
    assert page.context.cookies() == []


def test_contact_form_without_javascript_asks_the_question(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(site.url + "/kontakt-hilfe/kontaktformular/")
    expect(page.locator("#id_human_check")).to_be_visible()

    fill_contact(page)
    answer_question(page)
    page.get_by_role("button", name="Absenden").click()

    assert Inquiry.objects.filter(reference=reference_shown(page), name="Erika Mustermann").exists()
    context.close()


def test_officer_form_with_cookies_blocked(site, browser, quick_proof_of_work):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()

    def without_cookies(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "cookie"}
        route.continue_(headers=headers)

    page.route("**/*", without_cookies)
    context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": site.url}])
    page.goto(site.url + "/kontakt-hilfe/datenschutzbeauftragte/")
    page.locator("#id_salutation").select_option("none")
    page.locator("#id_name").fill("Alex Weber")
    page.locator("#id_email").fill("alex@example.org")
    page.locator("#id_concern").fill("Bitte um Auskunft nach Art. 15 DSGVO.")
    page.get_by_role("button", name="Absenden").click()

    inquiry = Inquiry.objects.get(reference=reference_shown(page))
    assert inquiry.unit.slug == "datenschutz"
    context.close()


def test_errors_are_listed_linked_and_keep_what_was_typed(site, page):
    page.goto(site.url + "/kontakt-hilfe/kontaktformular/")
    page.locator("#id_name").fill("Erika <b>Mustermann</b>")
    page.locator("#id_email").fill("erika@")
    page.get_by_role("button", name="Absenden").click()

    page.get_by_role("heading", name="Bitte prüfen Sie Ihre Angaben").wait_for()
    assert_accessible(page)
    assert page.locator("#id_name").input_value() == "Erika <b>Mustermann</b>"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert "id_email_error" in page.locator("#id_email").get_attribute("aria-describedby")
    page.get_by_role("link", name=re.compile("E-Mail-Adresse:")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert (
        not Inquiry.objects.filter(name__contains="Mustermann", kind="contact")
        .exclude(email="erika.mustermann@example.org")
        .exists()
    )


def test_callback_within_the_opening_hours(site, page, quick_proof_of_work, berlin_noon):
    day = next(d for d in open_days_ahead(days=14) if d.date > berlin_noon.date())
    interval = day.intervals[0]
    page.goto(site.url + "/kontakt-hilfe/rueckrufservice/")
    assert_accessible(page)
    page.locator("#id_name").fill("Max Beispiel")
    page.locator("#id_phone").fill("0511 1234567")
    page.locator("#id_topic").select_option(label="Vertrag und Tarife")
    page.locator("#id_preferred_date").fill(day.date.isoformat())
    page.locator("#id_preferred_from").fill(interval.opens.strftime("%H:%M"))
    page.locator("#id_preferred_until").fill(
        (interval.opens.replace(hour=interval.opens.hour + 1)).strftime("%H:%M")
    )
    page.get_by_role("button", name="Absenden").click()

    inquiry = Inquiry.objects.get(reference=reference_shown(page))
    assert inquiry.phone == "+495111234567"
    assert inquiry.preferred_date == day.date


@pytest.mark.parametrize(
    ("path", "fill", "unit"),
    [
        (
            "lob-und-tadel",
            {
                "#id_feedback_type_0": "check",
                "#id_salutation": "mr",
                "#id_name": "Paul Schmidt",
                "#id_email": "paul@example.org",
                "#id_concern": "Sehr freundlicher Monteur.",
            },
            "qualitaet",
        ),
        (
            "stoerungsmeldung",
            {
                "#id_topic": "Wasser",
                "#id_location": "Lindenallee 12",
                "#id_concern": "Rohrbruch, Wasser tritt aus.",
            },
            "netzbetrieb",
        ),
        (
            "gleichbehandlungsbeauftragter",
            {
                "#id_salutation": "none",
                "#id_name": "Kim Yilmaz",
                "#id_email": "kim@example.org",
                "#id_concern": "Ich möchte auf eine Benachteiligung hinweisen.",
            },
            "gleichbehandlung",
        ),
    ],
)
def test_form_reaches_its_unit(site, page, quick_proof_of_work, path, fill, unit):
    page.goto(f"{site.url}/kontakt-hilfe/{path}/")
    assert_accessible(page)
    for selector, value in fill.items():
        field = page.locator(selector)
        if value == "check":
            field.check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            if value in ("mr", "ms", "none"):
                field.select_option(value)
            else:
                field.select_option(label=value)
        else:
            field.fill(value)
    page.get_by_role("button", name="Absenden").click()

    assert Inquiry.objects.get(reference=reference_shown(page)).unit.slug == unit


def staff_login(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(base_url + "/admin/")


def test_staff_work_an_inquiry_and_the_callback_list(site, page):
    requests = only_local(page)
    staff_login(page, site.url, "kundenservice")
    page.get_by_role("link", name="Anliegen").first.click()
    page.get_by_role("link", name="Kundenservicecenter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kundenservicecenter")
    assert page.get_by_role("link", name=re.compile("SW-")).count() == 0  # demo: only a callback
    page.goto(site.url + "/admin/anliegen/rueckrufe/")
    callback = Inquiry.objects.get(kind="callback")
    page.get_by_role("link", name=callback.reference).click()
    page.locator("#id_text").fill("Kundin bittet um Rückruf nach 17 Uhr.")
    page.get_by_role("button", name="Notiz speichern").click()
    page.get_by_text("Kundin bittet um Rückruf nach 17 Uhr.").wait_for()
    page.goto(site.url + "/admin/anliegen/rueckrufe/")
    page.get_by_role("button", name=f"angerufen {callback.reference}").click()
    page.get_by_text("Keine offenen Rückrufwünsche.").wait_for()

    assert not Inquiry.objects.filter(pk=callback.pk).exists()
    assert foreign(requests) == []


def test_officer_inbox_is_hidden_from_general_staff(site, page):
    staff_login(page, site.url, "admin")
    page.goto(site.url + "/admin/anliegen/")
    assert page.get_by_role("link", name="Datenschutzbeauftragte").count() == 0
    officer_inquiry = Inquiry.objects.get(kind="privacy_officer")

    page.goto(f"{site.url}/admin/anliegen/vorgang/{officer_inquiry.reference}/")

    assert officer_inquiry.concern not in page.content()
