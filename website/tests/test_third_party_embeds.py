"""Third-party services (map, traffic report) load only after a click (two-click solution)."""

import pytest
from wagtail.models import Page


@pytest.fixture
def directions(demo):
    return Page.objects.get(slug="anfahrtskizze").specific


def embed_ids(page) -> list[str]:
    return [block.id for block in page.body if block.block_type == "third_party"]


def test_before_the_click_nothing_is_loaded_and_the_page_says_what_would_be_sent(
    directions, client
):
    response = client.get("/kontakt-hilfe/anfahrtskizze/")

    assert "<iframe" not in response.text
    assert "openstreetmap.org/export" not in response.text
    assert "OpenStreetMap Foundation" in response.text
    assert "Ihre IP-Adresse" in response.text
    assert "frame-src 'self';" in response.headers["Content-Security-Policy"] + ";"
    assert response.text.count("?extern=") == 2


def test_the_click_loads_that_service_and_only_that_one(directions, client):
    map_id, traffic_id = embed_ids(directions)

    response = client.get(f"/kontakt-hilfe/anfahrtskizze/?extern={map_id}")

    assert response.text.count("<iframe") == 1
    assert 'src="https://www.openstreetmap.org/export/embed.html' in response.text
    assert "powered by OpenStreetMap Foundation" in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "frame-src 'self' https://www.openstreetmap.org" in csp
    assert "verkehr.nrw" not in csp
    assert "script-src 'self'" in csp


@pytest.mark.parametrize("wanted", ["unbekannt", "", "<script>"])
def test_an_unknown_service_loads_nothing(directions, client, wanted):
    response = client.get("/kontakt-hilfe/anfahrtskizze/", {"extern": wanted})

    assert response.status_code == 200
    assert "<iframe" not in response.text
    assert "openstreetmap.org" not in response.headers["Content-Security-Policy"]
