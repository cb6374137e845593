"""The privacy policy's text, generated from the registry of processing activities.

Every activity whose audience is the public gets one section in the words of its
declaration, so the policy says what the code does. The general parts (controller,
processors, rights, complaints, device storage) are one template. A published version
stores the result; see ``privacy.services.policy_version_publish``.
"""

import hashlib
import json
from dataclasses import asdict
from typing import TypedDict

import lxml.html
from django.template.loader import render_to_string
from django.utils import translation

from privacy.processing_record import activity_entry
from privacy.registry import Activity, get_activities, get_processors

LANGUAGE_OF_RECORD = "de"


class Controller(TypedDict, total=False):
    """Who is responsible, as the Impressum says; a plain dict so that privacy
    imports no other app. Multi-line values keep their line breaks."""

    company: str
    address: str
    register: str
    vat_id: str
    managing_directors: str
    dpo_name: str
    dpo_email: str
    dpo_address: str
    #: Name and postal address of the supervisory authority (Art. 77 GDPR).
    supervisory_authority: str


CONTROLLER_REQUIRED = ("company", "address", "dpo_name", "dpo_email", "supervisory_authority")

WIKIPEDIA = {"de": "https://de.wikipedia.org/wiki/", "en": "https://en.wikipedia.org/wiki/"}

# Technical terms the policy explains through Wikipedia, as the 2012 text promised:
# (term as written, article). Longer terms first, so "Passwort-Hash" wins over "Hash".
TECHNICAL_TERMS = {
    "de": [
        ("IP-Adressen", "IP-Adresse"),
        ("IP-Adresse", "IP-Adresse"),
        ("Passwort-Hash", "Kryptologische_Hashfunktion"),
        ("Hashwert", "Kryptologische_Hashfunktion"),
        ("Cookies", "HTTP-Cookie"),
        ("Cookie", "HTTP-Cookie"),
        ("Browser", "Webbrowser"),
        ("SSL/TLS", "Transport_Layer_Security"),
        ("Protokolldateien", "Logdatei"),
        ("SMS", "Short_Message_Service"),
        ("Auftragsverarbeiter", "Auftragsverarbeitung"),
    ],
    "en": [
        ("IP addresses", "IP_address"),
        ("IP address", "IP_address"),
        ("password hash", "Cryptographic_hash_function"),
        ("hash value", "Cryptographic_hash_function"),
        ("cookies", "HTTP_cookie"),
        ("cookie", "HTTP_cookie"),
        ("browser", "Web_browser"),
        ("SSL/TLS", "Transport_Layer_Security"),
        ("log files", "Log_file"),
        ("SMS", "SMS"),
    ],
}
NOT_LINKED_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "code"}


def policy_activities() -> list[Activity]:
    """The activities the public policy explains, in the registry's order."""
    return [activity for activity in get_activities() if activity.in_policy]


def policy_missing_controller_keys(controller: Controller) -> list[str]:
    return [key for key in CONTROLLER_REQUIRED if not str(controller.get(key, "")).strip()]


def _policy_facts(activity: Activity) -> dict[str, str | list[str]]:
    """What the policy says about an activity: the record's entry without the storage
    location, which is an internal detail."""
    entry = activity_entry(activity)
    del entry["storage"]
    return entry


def policy_render(
    *, intro_html: str, closing_html: str, controller: Controller, language: str
) -> str:
    """The whole policy text as HTML in `language`, as it reads today."""
    with translation.override(language):
        sections = [
            {
                **_policy_facts(activity),
                "anchor": "verarbeitung-" + activity.key.replace(".", "-").replace("_", "-"),
            }
            for activity in policy_activities()
        ]
        processors = get_processors()
        html = render_to_string(
            "privacy/policy/policy.html",
            {
                "intro_html": intro_html,
                "closing_html": closing_html,
                "controller": controller,
                "sections": sections,
                "processors": processors,
                "third_country_processors": [p for p in processors if p.third_country],
            },
        )
    return link_technical_terms(html, language=language)


def _digest(facts) -> str:
    canonical = json.dumps(facts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def policy_fingerprint() -> dict:
    """A digest of what the policy says about each activity and about the processors,
    stored with each published version to tell when the code has moved on."""
    with translation.override(LANGUAGE_OF_RECORD):
        return {
            "activities": {
                activity.key: _digest(_policy_facts(activity)) for activity in policy_activities()
            },
            "processors": _digest(
                [{k: str(v) for k, v in asdict(p).items()} for p in get_processors()]
            ),
        }


def link_technical_terms(html: str, *, language: str) -> str:
    """Link the first mention of each technical term to its Wikipedia article."""
    terms = TECHNICAL_TERMS.get(language, [])
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    linked: set[str] = set()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if any(ancestor.tag in NOT_LINKED_INSIDE for ancestor in element.iterancestors()):
            continue
        if element.tag in NOT_LINKED_INSIDE:
            continue  # its tail belongs to the parent, which links it below
        _link_in_text(element, terms, linked, language)
        for child in list(element):
            _link_in_tail(child, terms, linked, language)
    inner = (root.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return inner


def _first_term(text: str, terms, linked: set[str]) -> tuple[int, str, str] | None:
    found = None
    for term, article in terms:
        if article in linked:
            continue
        position = _find_word(text, term)
        if position >= 0 and (found is None or position < found[0]):
            found = (position, term, article)
    return found


def _find_word(text: str, term: str) -> int:
    start = 0
    while (position := text.find(term, start)) >= 0:
        before = text[position - 1] if position else " "
        after_index = position + len(term)
        after = text[after_index] if after_index < len(text) else " "
        if not before.isalnum() and before != "-" and not after.isalnum() and after != "-":
            return position
        start = position + 1
    return -1


def _split_off_link(text: str, terms, linked: set[str], language: str):
    """The text before the first unlinked term, and a link to its article whose tail
    is the rest of the text; None if the text mentions no such term."""
    found = _first_term(text, terms, linked)
    if found is None:
        return None
    position, term, article = found
    linked.add(article)
    link = lxml.html.Element("a", href=WIKIPEDIA[language] + article)
    link.text = term
    link.tail = text[position + len(term) :]
    return text[:position], link


def _link_in_text(element, terms, linked: set[str], language: str) -> None:
    """Link terms in the text before the element's first child."""
    if element.text and (split := _split_off_link(element.text, terms, linked, language)):
        element.text, link = split
        element.insert(0, link)
        # Further terms in the rest of the text now sit in the link's tail.
        _link_in_tail(link, terms, linked, language)


def _link_in_tail(element, terms, linked: set[str], language: str) -> None:
    """Link terms in the text that follows `element` inside its parent."""
    while element.tail and (split := _split_off_link(element.tail, terms, linked, language)):
        element.tail, link = split
        element.addnext(link)
        element = link
