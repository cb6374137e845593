"""Links that leave the site are marked "[extern]" and name their destination."""

import pytest
from wagtail.models import Page

from website.external_links import mark_external_links

OWN = frozenset({"stadtwerke.example"})


def test_link_to_another_host_is_marked_for_eye_and_ear():
    html = mark_external_links(
        '<p><a href="https://de.wikipedia.org/wiki/Cookie">Cookie</a></p>', OWN
    )

    assert html == (
        '<p><a href="https://de.wikipedia.org/wiki/Cookie" class="extern" '
        'rel="noopener noreferrer">'
        'Cookie<span class="extern-mark" aria-hidden="true"> [extern]</span>'
        '<span class="visually-hidden"> (externer Link zu de.wikipedia.org)</span></a></p>'
    )


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/kontakt-hilfe/">Kontakt</a>',
        '<a href="https://stadtwerke.example/kontakt-hilfe/">Kontakt</a>',
        '<a href="mailto:info@stadtwerke.example">Mail</a>',
        '<a href="tel:+49-234-9600">Anrufen</a>',
        '<a href="#inhalt">Zum Inhalt</a>',
        '<a id="anker">ohne Ziel</a>',
        '<a href="http://[::1">kaputt</a>',
    ],
)
def test_links_that_stay_here_are_left_alone(link):
    assert mark_external_links(link, OWN) == link


def test_marking_twice_marks_once_and_keeps_existing_classes():
    once = mark_external_links("<a class='button' href='http://example.org/x'>Los</a>", OWN)

    assert 'class="button extern"' in once
    assert mark_external_links(once, OWN) == once
    assert once.count("[extern]") == 1


def test_links_in_editors_rich_text_are_marked_on_the_page(client, demo):
    html = client.get("/kontakt-hilfe/schlichtungsstelle-energie/").text

    assert (
        'www.schlichtungsstelle-energie.de<span class="extern-mark" aria-hidden="true"> [extern]'
        in html
    )
    assert "(externer Link zu www.schlichtungsstelle-energie.de)" in html


def test_english_visitors_hear_the_destination_in_english(client, demo):
    html = client.get("/kontakt-hilfe/marktkommunikation/", headers={"accept-language": "en"}).text

    assert "(external link to www.bundesnetzagentur.de)" in html


def test_the_wagtail_admin_is_left_as_it_is(admin_client, demo):
    page = Page.objects.get(slug="marktkommunikation")

    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").text

    assert "[extern]" not in html


def test_the_marked_page_announces_its_full_length(client, demo):
    response = client.get("/kontakt-hilfe/marktkommunikation/")

    assert int(response.headers["Content-Length"]) == len(response.content)
    assert response.text.rstrip().endswith("</html>")
