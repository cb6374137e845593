"""The public site and the Wagtail admin in a real browser: no request to any other host,
accessible on a small phone, usable without JavaScript, and findable by search."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from wagtail.models import Page, Site

from conftest import assert_accessible
from website.demo import DEMO_PASSWORD
from website.tests.test_section_pages import SECTION_PAGES

PUBLIC_PATHS = ["/", "/kontakt-hilfe/", *[f"/kontakt-hilfe/{slug}/" for slug in SECTION_PAGES]]


def record_requests(page_or_context) -> list[str]:
    requests = []
    page_or_context.on("request", lambda request: requests.append(request.url))
    return requests


def foreign(urls: list[str]) -> list[str]:
    return [url for url in urls if urlsplit(url).hostname not in ("127.0.0.1", None)]


def admin_page_paths() -> list[str]:
    """The page tree and the editor of each kind of page."""
    by_slug = {page.slug: page.pk for page in Page.objects.all()}
    paths = ["/admin/pages/", f"/admin/pages/{by_slug['kontakt-hilfe']}/"]
    paths += [
        f"/admin/pages/{by_slug[slug]}/edit/"
        for slug in (
            "start",
            "kontakt-hilfe",
            "anfahrtskizze",
            "adresse-telefonnummern",
            "kontaktformular",
            "datenschutz",
            "impressum",
            "oeffnungszeiten",
        )
    ]
    return [*paths, f"/admin/pages/{by_slug['hilfe']}/history/"]


def admin_other_paths() -> list[str]:
    site = Site.objects.get(is_default_site=True)
    return [
        "/admin/",
        f"/admin/settings/website/impressumsettings/{site.pk}/",
        "/admin/snippets/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/account/",
        "/admin/reports/site-history/",
        "/admin/datenschutz/verarbeitungsverzeichnis/",
    ]


def admin_login(page, base_url: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(base_url + "/admin/")


def visit_all(context, urls: list[str], at_once: int = 6) -> dict[str, int]:
    """Each address in a tab of its own, several at a time, until its network is idle
    (half a second without a request): the waits overlap instead of adding up."""
    statuses = {}
    for start in range(0, len(urls), at_once):
        tabs = []
        for url in urls[start : start + at_once]:
            tab = context.new_page()
            tabs.append((url, tab, tab.goto(url, wait_until="commit")))
        for url, tab, response in tabs:
            tab.wait_for_load_state("networkidle")
            statuses[url] = response.status
            tab.close()
    return statuses


def test_no_public_page_sends_a_request_to_another_host_or_sets_a_cookie(site, context):
    requests = record_requests(context)

    statuses = visit_all(context, [site.url + path for path in PUBLIC_PATHS])

    assert set(statuses.values()) == {200}, statuses
    assert len(requests) > len(PUBLIC_PATHS)
    assert foreign(requests) == []
    assert context.cookies() == [], "public pages set no cookie"


@pytest.mark.parametrize("paths", [admin_page_paths, admin_other_paths])
def test_no_page_of_the_admin_sends_a_request_to_another_host(site, page, context, paths):
    admin_login(page, site.url)
    requests = record_requests(context)

    statuses = visit_all(context, [site.url + path for path in paths()])

    assert set(statuses.values()) == {200}, statuses
    assert len(requests) > 10
    assert foreign(requests) == []


def test_every_public_page_is_accessible_and_fits_a_small_phone(site, page):
    page.set_viewport_size({"width": 320, "height": 640})

    for path in PUBLIC_PATHS:
        page.goto(site.url + path)
        assert_accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_without_javascript_a_visitor_loads_the_map_only_by_clicking(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    attempted = []

    def keep_local(route):
        if urlsplit(route.request.url).hostname != "127.0.0.1":
            attempted.append(route.request.url)
            return route.abort()
        return route.continue_()

    page.route("**/*", keep_local)
    page.goto(site.url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kontakt & Hilfe"
    ).click()
    page.get_by_role("navigation", name="Kontakt & Hilfe").get_by_role(
        "link", name="Anfahrtskizze"
    ).click()
    page.wait_for_load_state("networkidle")
    assert attempted == []
    assert page.locator("iframe").count() == 0

    page.get_by_role("link", name="Karte: Anfahrt zum Kundenzentrum laden").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("iframe").count() == 1
    assert {urlsplit(url).hostname for url in attempted} == {"www.openstreetmap.org"}
    context.close()


def test_visitor_searches_and_finds_the_opening_hours(site, page):
    page.goto(site.url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Suche").click()
    page.get_by_label("Suchbegriff").fill("Öffnungszeiten")
    page.get_by_role("button", name="Suchen").click()

    expect(page.get_by_role("heading", name="1 Ergebnis für „Öffnungszeiten“")).to_be_visible()
    assert_accessible(page)
    page.locator(".search-results").get_by_role("link", name="Öffnungszeiten").click()

    expect(page).to_have_url(site.url + "/kontakt-hilfe/oeffnungszeiten/")
    assert page.get_by_role("heading", level=1).inner_text() == "Öffnungszeiten"
    current = page.get_by_role("navigation", name="Kontakt & Hilfe").locator(
        '[aria-current="page"]'
    )
    assert current.inner_text() == "Öffnungszeiten"


def test_editor_changes_a_page_and_its_history_keeps_the_revision(site, page):
    opening_hours = Page.objects.get(slug="oeffnungszeiten")
    revisions_before = opening_hours.revisions.count()
    admin_login(page, site.url)

    page.goto(f"{site.url}/admin/pages/{opening_hours.pk}/edit/")
    page.locator("#id_title").fill("Öffnungszeiten und Feiertage")
    page.locator(".w-dropdown__toggle").last.click()
    page.locator('button[name="action-publish"]').click()
    page.wait_for_url(f"{site.url}/admin/pages/**")

    page.goto(site.url + "/kontakt-hilfe/oeffnungszeiten/")
    assert page.get_by_role("heading", level=1).inner_text() == "Öffnungszeiten und Feiertage"
    assert opening_hours.revisions.count() == revisions_before + 1
