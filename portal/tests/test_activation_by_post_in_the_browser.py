"""A newcomer chooses the letter, staff print the batch, the customer follows the QR
code's link, activates with the code and logs in; axe on every page."""

import io
import re

from django.contrib.auth.models import User
from pypdf import PdfReader

from conftest import assert_accessible
from portal.services import activation_letters_print

PASSWORD = "Wasserturm-Abendrot-17"


def test_registration_by_letter_then_activation_with_the_code(site, page):
    page.goto(site.url + "/kundencenter/registrieren/")
    page.locator("#id_customer_number").fill("1000001")
    page.locator("#id_name").fill("Müller")
    page.locator("#id_town").fill("Musterstadt")
    page.locator("#id_email").fill("erika@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("per Brief mit Aktivierungscode").check()
    page.get_by_role("button", name="Registrieren").click()
    page.get_by_role("heading", name="Vielen Dank, Ihre Registrierung ist eingegangen").wait_for()

    _, pdf = activation_letters_print(printed_by=User.objects.get(username="admin"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", "")
    link = re.search(r"/kundencenter/aktivieren/code/\?code=[A-Z2-9-]{14}", text).group(0)

    page.goto(site.url + "/kundencenter/aktivieren/code/?code=ZZZZ-ZZZZ-ZZZZ")
    assert_accessible(page)
    page.get_by_role("button", name="Zugang aktivieren").click()
    page.get_by_role("heading", name="Dieser Code gilt nicht").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Neuen Brief anfordern").click()
    page.get_by_role("heading", name="Neuen Aktivierungsbrief anfordern").wait_for()
    assert_accessible(page)

    page.goto(site.url + link)
    page.get_by_role("button", name="Zugang aktivieren").click()
    page.get_by_role("heading", name="Ihr Zugang ist aktiviert").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Zur Anmeldung").click()
    page.locator("#id_login").fill("erika@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("heading", name="Willkommen, Erika Müller").wait_for()
