"""The form pages are valid HTML in every state a visitor meets: with errors, as
confirmation, and when a form takes no messages."""

import pytest

from inquiries.models import FormRoute
from inquiries.tests.conftest import CONTACT, form_url, submit, topic_id
from website.tests.test_valid_html import validate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]


def test_error_confirmation_and_unavailable_states_are_valid_html(client, routing, clock, tmp_path):
    pages = {}
    pages["errors"] = submit(client, "contact", {"name": "<b>x</b>", "email": "x@"}).content
    pages["callback errors"] = submit(
        client, "callback", {"preferred_date": "gestern", "preferred_from": "25:00"}
    ).content
    sent = submit(client, "feedback", {**CONTACT, "feedback_type": "praise"})
    pages["confirmation"] = client.get(sent["Location"]).content
    pages["privacy officer form"] = client.get(form_url("privacy_officer")).content
    pages["privacy officer errors"] = submit(
        client, "privacy_officer", {"matter": "", "customer_number": "x"}
    ).content
    requested = submit(client, "privacy_officer", {**CONTACT, "matter": "access"})
    pages["subject request confirmation"] = client.get(requested["Location"]).content
    FormRoute.objects.filter(kind="equality_officer").delete()
    pages["unavailable"] = client.get(form_url("equality_officer")).content
    pages["outage form"] = client.get(form_url("outage")).content
    assert topic_id("contact", "Umzug")
    files = []
    for number, content in enumerate(pages.values()):
        file = tmp_path / f"{number:02d}.html"
        file.write_bytes(content)
        files.append(file)

    names = list(pages)
    errors = [
        f"{names[int(m['url'].rsplit('/', 1)[1][:2])]}: {m['message']}" for m in validate(files)
    ]

    assert errors == []
