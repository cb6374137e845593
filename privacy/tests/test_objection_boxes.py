"""The privacy page offers an objection box for each public activity that declares
one, rendered by the app that owns the activity; the page's app knows none of them."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import format_html

from privacy.registry import Activity, Audience, registry
from privacy.rules import UntilEvent


def reminder_objection_box(request) -> str:
    return format_html(
        '<section id="reminders">Erinnerungen widersprechen ({})</section>', request.path
    )


def declared(key: str, **overrides) -> Activity:
    return Activity(
        key=key,
        title="Erinnerungen",
        purpose="Test",
        legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
        data=("Testdaten",),
        recipients=("niemand",),
        retention=UntilEvent(event="bis zum Ende des Tests"),
        **overrides,
    )


def rendered(path: str = "/datenschutz/") -> str:
    template = Template("{% load privacy_tags %}{% objection_boxes %}")
    return template.render(Context({"request": RequestFactory().get(path)}))


def test_a_declared_objection_box_is_rendered_with_the_request(monkeypatch):
    box = f"{__name__}.reminder_objection_box"
    monkeypatch.setitem(
        registry.activities, "test.reminders", declared("test.reminders", objection=box)
    )

    html = rendered("/datenschutz/?a=<b>")

    assert '<section id="reminders">Erinnerungen widersprechen (/datenschutz/)</section>' in html


def test_a_staff_activity_offers_no_box_on_the_public_page(monkeypatch):
    box = f"{__name__}.reminder_objection_box"
    staff_only = declared("test.staff", objection=box, audience=Audience.STAFF)
    monkeypatch.setitem(registry.activities, "test.staff", staff_only)

    assert 'id="reminders"' not in rendered()


@pytest.mark.django_db
def test_the_analytics_objection_comes_from_the_traffic_declaration():
    html = rendered()

    assert 'id="widerspruch-nutzungsanalyse"' in html
    assert "Der Nutzungsanalyse widersprechen" in html
