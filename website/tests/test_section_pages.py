"""The "Kontakt & Hilfe" section as a visitor and an editor meet it (no browser)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from wagtail.models import Page

from website.models import ContactDirectoryPage, ImpressumSettings, InquiryFormPage, SectionPage

SECTION_PAGES = {
    "kontaktformular": "Kontaktformular",
    "adresse-telefonnummern": "Adresse/Telefonnummern",
    "rueckrufservice": "Rückrufservice",
    "lob-und-tadel": "Lob und Tadel",
    "anfahrtskizze": "Anfahrtskizze",
    "oeffnungszeiten": "Öffnungszeiten",
    "marktkommunikation": "Marktkommunikation",
    "schlichtungsstelle-energie": "Schlichtungsstelle Energie",
    "datenschutzbeauftragte": "Datenschutzbeauftragte",
    "gleichbehandlungsbeauftragter": "Gleichbehandlungsbeauftragter",
    "datenschutz": "Datenschutz",
    "sitemap": "Sitemap",
    "impressum": "Impressum",
    "hilfe": "Hilfe",
    "suche": "Suche",
    "stoerungsmeldung": "Störungsmeldung",
}


def breadcrumb(html: str) -> list[str]:
    trail = re.search(r'<nav class="breadcrumb"[^>]*>(.*?)</nav>', html, re.S)[1]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", trail)]


def test_start_page_is_german_and_forbids_third_party_requests(demo, client):
    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(("slug", "title"), SECTION_PAGES.items())
def test_every_page_of_the_navigation_lives_at_its_address(demo, client, slug, title):
    response = client.get(f"/kontakt-hilfe/{slug}/")

    assert response.status_code == 200
    assert breadcrumb(response.text) == ["Kontakt &amp; Hilfe", title]
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', response.text)
    assert current == [f"/kontakt-hilfe/{slug}/"]


def test_section_navigation_lists_the_pages_in_the_order_of_the_spec(demo, client):
    html = client.get("/kontakt-hilfe/").text
    nav = re.search(r'<nav class="section-nav".*?</nav>', html, re.S)[0]

    assert re.findall(r">([^<>]+)</a></li>", nav) == list(SECTION_PAGES.values())


def test_phone_numbers_are_links_a_phone_can_dial(demo, client):
    html = client.get("/kontakt-hilfe/adresse-telefonnummern/").text

    assert '<a href="tel:+49-234-9600">0234 960-0</a>' in html
    assert '<a href="tel:+49-800-9603737">0800 9603737</a>' in html


def test_contact_entry_refuses_a_number_no_one_can_call(demo):
    entry = ContactDirectoryPage.objects.get().entries.first()
    entry.phone = "bitte anrufen"

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert "gültige Telefonnummer" in str(error.value.message_dict["phone"])


def test_impressum_shows_what_section_5_ddg_requires_from_the_settings(demo, client):
    html = client.get("/kontakt-hilfe/impressum/").text

    for expected in (
        "Stadtwerke Bochum GmbH",
        "Ostring 28",
        "Amtsgericht Bochum",
        "HRB 1234",
        "DE123456789",
        "Dr. Anna Beispiel, Markus Muster",
        "datenschutz@stadtwerke.example",
        'href="tel:+49-234-9600"',
    ):
        assert expected in html


def test_impressum_settings_refuse_a_malformed_vat_id(demo):
    settings = ImpressumSettings.objects.get()
    settings.vat_id = "DE12"

    with pytest.raises(ValidationError) as error:
        settings.full_clean()

    assert "neun Ziffern" in str(error.value.message_dict["vat_id"])


def test_editor_cannot_change_the_address_of_a_published_page(demo):
    page = Page.objects.get(slug="marktkommunikation").specific
    page.slug = "markt"

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "bleibt fest" in str(error.value.message_dict["slug"])


def test_fixed_page_cannot_take_another_address(demo):
    section = SectionPage.objects.get()
    section.slug = "hilfe-und-kontakt"

    with pytest.raises(ValidationError) as error:
        section.full_clean()

    assert "kontakt-hilfe" in str(error.value.message_dict["slug"])


def test_a_second_page_for_the_same_form_is_refused(demo):
    duplicate = InquiryFormPage(title="Noch ein Kontaktformular", form_kind="contact")
    duplicate.slug = "kontaktformular-2"
    duplicate.depth, duplicate.path = 4, "zzzz"

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "form_kind" in error.value.message_dict


def test_editors_cannot_delete_or_move_fixed_pages_in_the_admin(demo, admin_client):
    page = Page.objects.get(slug="datenschutz")

    deleted = admin_client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
    moved = admin_client.post(
        f"/admin/pages/{page.pk}/move/{Page.objects.get(depth=2).pk}/confirm/", follow=True
    )

    assert Page.objects.filter(pk=page.pk, url_path=page.url_path).exists()
    assert "gehört zur festen Navigation" in deleted.text
    assert "gehört zur festen Navigation" in moved.text


def test_search_finds_the_opening_hours_and_highlights_the_term(demo, client):
    html = client.get("/kontakt-hilfe/suche/", {"q": "Öffnungszeiten"}).text

    assert '<a href="/kontakt-hilfe/oeffnungszeiten/">Öffnungszeiten</a>' in html
    assert "<mark>Öffnungszeiten</mark>" in html


def test_search_without_results_helps_on(demo, client):
    html = client.get("/kontakt-hilfe/suche/", {"q": "Quantenflux"}).text

    assert "0 Ergebnisse für „Quantenflux“" in html
    assert "Prüfen Sie die Schreibweise" in html
    assert 'href="/kontakt-hilfe/sitemap/"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "<script>alert(1)</script>"},
        {"q": "Strom", "seite": "abc"},
        {"q": "%"},
        {"q": "Strom", "seite": "99999"},
        {"q": '"Öffnungszeiten"'},
        {"q": '"'},
        {"q": "Strom\x00"},
        {"q": "\x00"},
        {"q": "NOT Strom"},
        {"q": "Strom OR"},
        {"q": "NEAR(Strom"},
        {"q": "Str*"},
        {"q": "-Strom"},
        {"q": "(((("},
    ],
)
def test_search_survives_any_input(demo, client, params):
    response = client.get("/kontakt-hilfe/suche/", params)

    assert response.status_code == 200
    assert "<script>alert" not in response.text


def test_a_tab_or_non_breaking_space_separates_words_like_a_space(demo, client):
    html = client.get("/kontakt-hilfe/suche/", {"q": "Öffnungszeiten\u00a0\tKundenzentrum"}).text

    assert "für „Öffnungszeiten Kundenzentrum“" in html


def test_search_in_quotes_finds_what_the_words_find(demo, client):
    html = client.get("/kontakt-hilfe/suche/", {"q": '"Öffnungszeiten"'}).text

    assert "1 Ergebnis für „&quot;Öffnungszeiten&quot;“" in html
    assert '<a href="/kontakt-hilfe/oeffnungszeiten/">Öffnungszeiten</a>' in html


def test_human_sitemap_shows_the_page_tree(demo, client):
    html = client.get("/kontakt-hilfe/sitemap/").text
    tree = re.search(r'<ul class="sitemap">(.*?)</div>', html, re.S)[1]

    assert tree.count("<li>") == 2 + len(SECTION_PAGES)
    assert 'href="/kontakt-hilfe/impressum/"' in tree


def test_machines_find_sitemap_xml_and_robots_txt(demo, client):
    sitemap = client.get("/sitemap.xml")
    robots = client.get("/robots.txt")

    assert sitemap.status_code == 200
    assert sitemap.text.count("<url>") == 2 + len(SECTION_PAGES)
    assert "/kontakt-hilfe/oeffnungszeiten/</loc>" in sitemap.text
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.text
    assert "Disallow: /admin/" in robots.text


@pytest.mark.parametrize(
    "path", ["/", "/kontakt-hilfe/", *[f"/kontakt-hilfe/{s}/" for s in SECTION_PAGES]]
)
def test_public_pages_set_no_cookie_for_an_anonymous_visitor(demo, client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming is PostgreSQL's (CI runs it)"
)
def test_search_on_postgresql_finds_other_forms_of_a_german_word(demo, client):
    html = client.get("/kontakt-hilfe/suche/", {"q": "Beschwerden"}).text

    assert 'href="/kontakt-hilfe/schlichtungsstelle-energie/"' in html


def test_an_unpublished_page_is_gone_from_its_address_and_the_navigation(demo, client):
    client.get("/kontakt-hilfe/")  # navigation now cached
    Page.objects.get(slug="hilfe").specific.unpublish()

    assert client.get("/kontakt-hilfe/hilfe/").status_code == 404
    assert 'href="/kontakt-hilfe/hilfe/"' not in client.get("/kontakt-hilfe/").text


@pytest.mark.parametrize(
    "path", ["/kontakt-hilfe/gibt-es-nicht/", "/kontakt-hilfe/hilfe/unterseite/", "/start/"]
)
def test_unknown_addresses_are_not_found(demo, client, path):
    assert client.get(path).status_code == 404


def test_opening_hours_page_shows_the_week_and_the_days_that_differ(demo, client):
    from datetime import date, timedelta

    from inquiries.models import SpecialDay

    client.get("/kontakt-hilfe/oeffnungszeiten/")  # now in the page cache
    SpecialDay.objects.create(
        date=date.today() + timedelta(days=3), label="Betriebsversammlung", closed=True
    )

    html = client.get("/kontakt-hilfe/oeffnungszeiten/").text

    assert '<th scope="row">Montag</th>' in html
    assert "Betriebsversammlung" in html
