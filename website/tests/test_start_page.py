import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from stadtwerk.demo import demo_data_load


@pytest.mark.django_db
def test_start_page_is_german_and_forbids_third_party_requests(client):
    demo_data_load()

    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_visitor_sees_a_german_accessible_start_page(site, page):
    page.goto(site.url + "/")

    assert page.locator("html").get_attribute("lang") == "de"
    assert "Stadtwerke" in page.title()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_accessibility_check_reports_a_missing_alt_text(page):
    page.set_content('<html lang="de"><title>T</title><main><img src="x.png"></main></html>')

    from conftest import axe_violations

    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}
