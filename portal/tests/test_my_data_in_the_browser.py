"""A customer reads 'Meine Daten' on a phone and deletes the online access."""

from django.contrib.auth.models import User

from conftest import assert_accessible
from portal.models import Customer
from portal.tests.conftest import PASSWORD, customer_create, login_create


def test_my_data_on_a_phone_then_deleting_the_access(site, page):
    customer = customer_create("3000001", "Jürgen", "Weiß", "Lüdenscheid")
    login_create(customer, "juergen@example.org")
    page.set_viewport_size({"width": 360, "height": 800})

    page.goto(site.url + "/kundencenter/anmelden/")
    page.locator("#id_login").fill("juergen@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("link", name="Meine Daten").first.click()
    page.get_by_role("heading", name="Zugriffsprotokoll des Online-Kundencenters").wait_for()
    assert_accessible(page)
    # Nothing hides beyond the right edge of a small phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Zugang löschen").click()
    page.get_by_label("Ja, ich möchte meinen Online-Zugang löschen.").check()
    page.get_by_role("button", name="Online-Zugang endgültig löschen").click()
    page.locator("#id_password").fill(PASSWORD)  # confirming who one is
    assert_accessible(page)
    page.get_by_role("button", name="Bestätigen").click()
    page.get_by_role("heading", name="Ihr Online-Zugang ist gelöscht").wait_for()
    assert_accessible(page)
    assert not User.objects.filter(email="juergen@example.org").exists()
    assert Customer.objects.filter(customer_number="3000001").exists()
