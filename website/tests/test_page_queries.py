"""Rendering a page stays cheap when the page cache is cold or off.

Every page costs Wagtail's site lookup, our routing (one query for the deepest page on
the path, one for its specific row) and Wagtail's view restriction check; the navigation
comes from the cache until published content changes. The budgets below are what each
page type needs today; a page that grows beyond its budget asks the database once per
item somewhere, which the load benchmark (bench/pages.py) would show as lost throughput.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

QUERY_BUDGETS = {
    "/": 5,
    "/kontakt-hilfe/": 6,
    "/kontakt-hilfe/anfahrtskizze/": 6,
    "/kontakt-hilfe/oeffnungszeiten/": 8,
    "/kontakt-hilfe/adresse-telefonnummern/": 7,
    "/kontakt-hilfe/impressum/": 7,
    "/kontakt-hilfe/datenschutz/": 7,
    "/kontakt-hilfe/suche/?q=Öffnungszeiten": 10,
    "/kontakt-hilfe/sitemap/": 10,
    # Wagtail fetches the specific rows once per page type.
    "/sitemap.xml": 14,
}


@pytest.fixture
def warm_client(client, settings, demo):
    settings.PAGE_CACHE_SECONDS = 0
    # Wagtail keeps the site's root paths in the cache; a real server has them warm.
    client.get("/")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url,budget", QUERY_BUDGETS.items(), ids=QUERY_BUDGETS.keys())
def test_page_renders_within_its_query_budget(warm_client, url, budget):
    warm_client.get(url)  # a running server has this page's navigation cached
    with CaptureQueriesContext(connection) as queries:
        response = warm_client.get(url)

    assert response.status_code == 200
    assert len(queries) <= budget, "\n".join(query["sql"] for query in queries)


@pytest.mark.django_db
def test_more_section_pages_cost_no_more_queries(warm_client):
    """The navigation costs the same however long it is."""
    from website.models import ContentPage, SectionPage

    with CaptureQueriesContext(connection) as before:
        warm_client.get("/kontakt-hilfe/impressum/")
    section = SectionPage.objects.get()
    for number in range(5):
        section.add_child(instance=ContentPage(title=f"Zusatzseite {number}", show_in_menus=True))

    with CaptureQueriesContext(connection) as after:
        response = warm_client.get("/kontakt-hilfe/impressum/")

    assert "Zusatzseite 4" in response.text
    assert len(after) == len(before)
