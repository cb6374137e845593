"""The policy text comes from the registry: a section per public activity in the words
of its declaration, and everything the GDPR asks a policy to say."""

import lxml.html
import pytest

from privacy.policy import link_technical_terms, policy_activities, policy_render
from privacy.processing_record import processing_record
from privacy.registry import Audience, get_activities, get_activity
from privacy.tests.test_policy_versions import CONTROLLER


def render(language="de", **overrides) -> str:
    arguments = {
        "intro_html": "<p>Einleitung der Redaktion</p>",
        "closing_html": "<p>Schlusswort der Redaktion</p>",
        "controller": CONTROLLER,
        "language": language,
        **overrides,
    }
    return policy_render(**arguments)


def sections(html: str) -> dict[str, dict[str, str]]:
    """Each activity section's heading with its terms and descriptions."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    found = {}
    for section in tree.xpath(".//section[@class='policy-activity']"):
        terms = [dt.text_content() for dt in section.iter("dt")]
        descriptions = [dd.text_content() for dd in section.iter("dd")]
        found[next(section.iter("h3")).text_content()] = dict(zip(terms, descriptions, strict=True))
    return found


def test_every_public_activity_has_a_section_in_the_words_of_its_declaration():
    rendered = sections(render())

    public = [a for a in get_activities() if a.audience == Audience.PUBLIC]
    assert list(rendered) == [str(activity.title) for activity in public]
    sessions = rendered["Sitzungen"]
    assert sessions == {
        "Zweck": "Anmeldung und Formularschutz während eines Besuchs",
        "Daten": "Sitzungskennung, Anmeldestatus",
        "Empfänger": "niemand; nur technisch verwendet",
        "Speicherdauer": "Löschung, sobald der Eintrag abgelaufen ist",
        "Rechtsgrundlage": "Art. 6 Abs. 1 lit. b und f DSGVO",
    }


def test_retention_in_words_follows_the_rule():
    contact = sections(render())["Kontakt"]

    assert contact["Speicherdauer"] == (
        "Löschung 30 Tage nach Abschluss der Bearbeitung, sofern nicht aus Gründen der "
        "Nachweisbarkeit, der Kundenbetreuung oder gesetzlicher Aufbewahrungsfristen eine "
        "Aufbewahrung geboten ist"
    )


@pytest.mark.parametrize(
    "staff_only",
    ["wagtail.revisions", "wagtail.audit_log", "tasks.results", "privacy.holds"],
)
def test_staff_only_activities_stay_out_of_the_policy_but_in_the_record(staff_only):
    activity = get_activity(staff_only)

    assert activity not in policy_activities()
    assert str(activity.title) not in sections(render())
    assert staff_only in {entry["key"] for entry in processing_record()}


def test_an_activity_is_public_unless_declared_otherwise():
    assert get_activity("django.sessions").in_policy
    assert get_activity("fixture.visits").audience == Audience.PUBLIC


def test_the_policy_says_what_the_gdpr_requires():
    text = lxml.html.fragment_fromstring(render(), create_parent="div").text_content()

    for required in [
        # controller and data-protection officer
        "Stadtwerke Musterstadt GmbH",
        "Amtsgericht Musterstadt HRB 1",
        "Petra Harder",
        "datenschutz@stadtwerke.example",
        # processors, and no transfer to third countries
        "Fastcom GmbH & Co. KG, Hardenbergstraße 12, 10623 Berlin",
        "Rechenzentrumsdienstleister der Stadtwerke",
        "Art. 28 DSGVO",
        "Wir übermitteln keine personenbezogenen Daten in Länder außerhalb",
        # rights, objection, withdrawal of consent, complaint
        "Art. 15 DSGVO",
        "Art. 16 DSGVO",
        "Art. 17 DSGVO",
        "Art. 18 DSGVO",
        "Art. 19 DSGVO",
        "Art. 20 DSGVO",
        "Art. 21 DSGVO",
        "Widerspruchsrecht",
        "Art. 7 Abs. 3 DSGVO",
        "Art. 77 DSGVO",
        "Aufsichtsbehörde Musterland",
        # device storage
        "§ 25 Abs. 2 Nr. 2 TDDDG",
        # the editors' words
        "Einleitung der Redaktion",
        "Schlusswort der Redaktion",
    ]:
        assert required in text, required
    assert text.index("Einleitung der Redaktion") < text.index("Ihre Rechte")
    assert text.index("Ihre Rechte") < text.index("Schlusswort der Redaktion")


def test_technical_terms_link_to_german_wikipedia_once():
    html = render()
    tree = lxml.html.fragment_fromstring(html, create_parent="div")

    links = [a.get("href") for a in tree.iter("a")]
    for article in ["IP-Adresse", "HTTP-Cookie", "Webbrowser", "Transport_Layer_Security"]:
        assert links.count(f"https://de.wikipedia.org/wiki/{article}") == 1, article
    assert "https://de.wikipedia.org/wiki/Kryptologische_Hashfunktion" in links


def test_terms_are_not_linked_inside_headings_links_or_other_words():
    html = (
        "<h2>Cookies</h2><p>Ihr <a href='/x'>Browser</a> speichert Cookies; "
        "der Webbrowser zeigt IP-Adressen.</p>"
    )

    linked = link_technical_terms(html, language="de")

    assert linked == (
        '<h2>Cookies</h2><p>Ihr <a href="/x">Browser</a> speichert '
        '<a href="https://de.wikipedia.org/wiki/HTTP-Cookie">Cookies</a>; '
        'der Webbrowser zeigt <a href="https://de.wikipedia.org/wiki/IP-Adresse">'
        "IP-Adressen</a>.</p>"
    )


def test_the_english_policy_is_in_english_with_english_wikipedia_links():
    html = render(language="en")
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content()

    assert "Your rights" in text
    assert "Ihre Rechte" not in text
    assert "Sessions" in sections(html)
    assert "https://en.wikipedia.org/wiki/HTTP_cookie" in html
    assert "de.wikipedia.org" not in html
