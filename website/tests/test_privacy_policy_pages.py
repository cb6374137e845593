"""The privacy policy as visitors read it (current version, all versions, each frozen
version) and as editors publish a new one in the Wagtail admin."""

import dataclasses
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PageLogEntry

from privacy.models import PolicyVersion
from privacy.registry import get_activity, registry
from website.models import ImpressumPage, ImpressumSettings, PrivacyPolicyPage
from website.tests.test_valid_html import validate

URL = "/kontakt-hilfe/datenschutz/"


@pytest.fixture
def demo(demo_of_module, db):
    return PrivacyPolicyPage.objects.get()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_policy_page_shows_the_current_version_with_number_and_date(demo, client):
    html = client.get(URL).text

    assert "Version 2.0, gültig seit 1. März 2025" in text_of(html)
    assert '<a href="/kontakt-hilfe/datenschutz/versionen/">' in html
    text = text_of(html)
    assert "Datenschutz wird bei den Stadtwerken groß geschrieben" in text
    assert "Stadtwerke Bochum GmbH" in text
    assert "Fastcom GmbH &amp; Co. KG" in text
    assert "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen" in text
    assert "Art. 77 DSGVO" in text


def test_the_analytics_objection_box_sets_and_withdraws_the_opt_out_cookie(demo, client):
    html = client.get(URL).text
    box = re.search(r'<section class="notice".*?</section>', html, re.S)[0]
    assert "Widerspruch gegen die Nutzungsanalyse" in box
    assert 'action="/nutzungsanalyse/widerspruch/"' in box
    assert 'value="object"' in box

    response = client.post(
        "/nutzungsanalyse/widerspruch/", {"action": "object", "next": URL}, follow=True
    )
    assert client.cookies["analytics_optout"].value == "1"
    assert "Sie haben widersprochen" in response.text
    assert 'value="withdraw"' in response.text

    client.post("/nutzungsanalyse/widerspruch/", {"action": "withdraw", "next": URL})
    assert client.cookies["analytics_optout"].value == ""
    assert 'value="object"' in client.get(URL).text


def test_technical_terms_link_to_wikipedia_and_are_marked_external(demo, client):
    html = client.get(URL).text

    link = re.search(r'<a href="https://de.wikipedia.org/wiki/HTTP-Cookie"[^>]*>.*?</a>', html)
    assert link and "[extern]" in link[0]


def test_the_version_list_shows_every_version_with_its_validity(demo, client):
    text = text_of(client.get(URL + "versionen/").text)

    assert "Version 2.0 : gültig seit 1. März 2025 (aktuelle Fassung)" in text
    assert "Version 1.3 : gültig vom 1. November 2012 bis 28. Februar 2025" in text


def test_an_earlier_version_reads_as_published(demo, client):
    html = client.get(URL + "versionen/1.3/").text
    text = text_of(html)

    assert "Datenschutzerklärung, Version 1.3" in text
    assert "gültig seit 1. November 2012" in text
    assert "Dies ist eine frühere Fassung. Heute gilt Version 2.0." in text
    assert "Version dieser Datenschutzerklärung: 1.3, gültig seit November 2012" in text
    assert "Econda GmbH" in text
    assert "Kontakt &amp; Hilfe Datenschutz Version 1.3" in text_of(
        re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S)[0]
    )


def test_a_version_stays_frozen_when_page_settings_and_registry_move_on(demo, client):
    before = client.get(URL + "versionen/2.0/").text
    imprint = ImpressumSettings.objects.get()
    imprint.company = "Stadtwerke Umbenannt GmbH"
    imprint.save()
    demo.intro = "<p>Neue Einleitung</p>"
    demo.save_revision().publish()

    after = client.get(URL + "versionen/2.0/").text

    assert after == before
    assert "Stadtwerke Umbenannt GmbH" not in after
    assert "Neue Einleitung" not in client.get(URL).text


@pytest.mark.parametrize("number", ["9.9", "1.03", "abc", "1.3.x", "1..3"])
def test_an_unknown_version_is_not_found(demo, client, number):
    assert client.get(f"{URL}versionen/{number}/").status_code == 404


def test_english_visitors_read_the_english_text_and_the_2012_text_marked_german(demo, client):
    current = client.get(URL, headers={"accept-language": "en"}).text
    old = client.get(URL + "versionen/1.3/", headers={"accept-language": "en"}).text

    assert "Your rights" in current
    assert '<div class="policy-text" lang="de">' in old


@pytest.fixture
def editor(demo, django_user_model):
    """A member of the editorial team: may edit every page of the site."""
    team = Group.objects.create(name="Redaktion")
    team.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ["add_page", "change_page", "publish_page"]:
        GroupPagePermission.objects.create(
            group=team,
            page=demo.get_site().root_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user(username="redaktion", is_staff=True)
    user.groups.add(team)
    return user


def publish_url(page) -> str:
    return "/admin/datenschutz/neue-version/"


def test_editors_without_the_permission_can_neither_see_nor_use_the_action(demo, client, editor):
    client.force_login(editor)

    page_editor = client.get(f"/admin/pages/{demo.pk}/edit/")
    shown = client.get(publish_url(demo))
    posted = client.post(publish_url(demo), {"number": "3.0", "valid_from": "2030-01-01"})

    assert page_editor.status_code == 200
    assert publish_url(demo) not in page_editor.text
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert (shown.status_code, shown.url) == (302, "/admin/")
    assert (posted.status_code, posted.url) == (302, "/admin/")
    assert not PolicyVersion.objects.filter(number="3.0").exists()


@pytest.fixture
def publisher(editor):
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="privacy", codename="publish_policy_version")
    )
    return editor


def test_a_publisher_sees_the_action_and_a_preview_of_the_text(demo, client, publisher):
    client.force_login(publisher)

    html = client.get(publish_url(demo)).text

    assert publish_url(demo) in client.get(f"/admin/pages/{demo.pk}/edit/").text
    assert "Zuletzt veröffentlicht: Version 2.0" in html
    assert 'name="number"' in html and 'name="valid_from"' in html
    assert "Datenschutz wird bei den Stadtwerken groß geschrieben" in html


def test_the_publisher_is_told_what_the_current_version_does_not_describe(
    demo, client, publisher, monkeypatch
):
    newsletter = dataclasses.replace(
        get_activity("django.sessions"), key="late.newsletter", title="Newsletter"
    )
    monkeypatch.setitem(registry.activities, newsletter.key, newsletter)
    client.force_login(publisher)

    html = client.get(publish_url(demo)).text

    assert "Version 2.0 beschreibt die Verarbeitungen nicht mehr so" in html
    assert "<li>neu: Newsletter</li>" in html


def test_publishing_freezes_the_saved_draft_and_logs_who_did_it(demo, client, publisher):
    demo.intro = "<p>Einleitung im Entwurf</p>"
    demo.save_revision()
    client.force_login(publisher)

    response = client.post(publish_url(demo), {"number": "2.1", "valid_from": "2030-01-01"})

    assert response.status_code == 302
    version = PolicyVersion.objects.get(number="2.1")
    assert version.valid_from == date(2030, 1, 1)
    assert "Einleitung im Entwurf" in version.content_de
    entry = PageLogEntry.objects.get(action="website.policy_version_publish")
    assert (entry.user, entry.data["number"]) == (publisher, "2.1")
    # Valid only from 2030: visitors still read 2.0, and the list announces 2.1.
    assert "Version 2.0, gültig seit" in text_of(client.get(URL).text)
    assert "Version 2.1 : gilt ab 1. Januar 2030" in text_of(client.get(URL + "versionen/").text)


def test_page_links_in_the_intro_are_frozen_as_addresses(demo, client, publisher):
    impressum = ImpressumPage.objects.get()
    demo.intro = f'<p>Siehe <a linktype="page" id="{impressum.pk}">Impressum</a>.</p>'
    demo.save_revision()
    client.force_login(publisher)

    client.post(publish_url(demo), {"number": "2.1", "valid_from": "2030-01-01"})

    frozen = PolicyVersion.objects.get(number="2.1").content_de
    assert '<p>Siehe <a href="/kontakt-hilfe/impressum/">Impressum</a>.</p>' in frozen


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"number": "1.9", "valid_from": "2030-01-01"},
            "number",
            "Die Versionsnummer muss höher sein als die zuletzt veröffentlichte Version 2.0.",
        ),
        (
            {"number": "2.1", "valid_from": "2020-01-01"},
            "valid_from",
            "Eine neue Version kann nicht vor der Version 2.0 gelten",
        ),
        (
            {"number": "zwei", "valid_from": "2030-01-01"},
            "number",
            "Bitte eine Versionsnummer wie 1.3 oder 2.0 angeben",
        ),
        ({"number": "2.1", "valid_from": "morgen"}, "valid_from", "Bitte ein gültiges Datum"),
    ],
)
def test_bad_input_gets_a_german_error_and_keeps_what_was_typed(
    demo, client, publisher, posted, field, message
):
    client.force_login(publisher)

    response = client.post(publish_url(demo), posted)

    assert response.status_code == 200
    assert message in response.text
    assert f'value="{posted["number"]}"' in response.text
    assert response.context["form"].errors[field]
    assert PolicyVersion.objects.count() == 2


def test_the_policy_pages_are_valid_html(demo, client, tmp_path):
    urls = [URL, URL + "versionen/", URL + "versionen/1.3/", URL + "versionen/2.0/"]
    files = []
    for number, url in enumerate(urls):
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(client.get(url).content)

    assert validate(files) == []
