from playwright.sync_api import expect

from conftest import assert_accessible


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
