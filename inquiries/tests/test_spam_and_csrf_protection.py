"""Public forms are protected without cookies and without tracking: signed form
token with Origin / Sec-Fetch-Site checks, proof of work or arithmetic question,
honeypot, and a rate limit per client in the shared cache."""

import json
import re
from html import unescape

import altcha
import pytest
from django.test import Client

from inquiries.models import Inquiry
from inquiries.protection import _altcha_key
from inquiries.tests.conftest import CONTACT, form_url, fresh_form, topic_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]


@pytest.fixture
def data(routing):
    return {**CONTACT, "topic": topic_id("contact", "Sonstiges")}


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_same_origin_post_without_cookie_is_accepted(csrf_client, data, clock):
    response = csrf_client.post(
        form_url("contact"),
        {**fresh_form(csrf_client, "contact"), **data},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_post_is_refused(csrf_client, data, clock, headers):
    response = csrf_client.post(
        form_url("contact"), {**fresh_form(csrf_client, "contact"), **data}, headers=headers
    )

    assert response.status_code == 403
    assert not Inquiry.objects.exists()


def test_post_without_token_is_refused_by_csrf(csrf_client, data):
    response = csrf_client.post(form_url("contact"), data)

    assert response.status_code == 403


def test_token_of_another_page_does_not_pass(csrf_client, data, routing):
    other = fresh_form(csrf_client, "feedback")

    response = csrf_client.post(form_url("contact"), {**other, **data})

    assert response.status_code == 403


def test_forged_token_does_not_pass(csrf_client, data):
    hidden = fresh_form(csrf_client, "contact")
    response = csrf_client.post(
        form_url("contact"), {**hidden, "form_token": hidden["form_token"][:-2] + "xx", **data}
    )

    assert response.status_code == 403


def test_expired_token_keeps_input_and_asks_to_send_again(client, data, clock):
    hidden = fresh_form(client, "contact")
    clock.shift(5 * 3600)

    response = client.post(form_url("contact"), {**hidden, **data})

    html = response.content.decode()
    assert response.status_code == 400
    assert "zu lange geöffnet" in html
    assert data["concern"] in html
    assert not Inquiry.objects.exists()
    resent = client.post(
        form_url("contact"), {**data, **_hidden_of(html), "human_check": _answer(html)}
    )
    assert resent.status_code == 302


def _hidden_of(html: str) -> dict:
    return {"form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1)}


def _answer(html: str) -> str:
    first, second = re.search(r"Wie viel ist (\d+) \+ (\d+)\?", html).groups()
    return str(int(first) + int(second))


def test_reload_of_a_sent_form_stores_nothing_twice(client, data, clock):
    hidden = fresh_form(client, "contact")

    first = client.post(form_url("contact"), {**hidden, **data})
    again = client.post(form_url("contact"), {**hidden, **data})

    assert first.status_code == 302
    assert again.status_code == 409
    assert "bereits abgesendet" in again.content.decode()
    assert Inquiry.objects.count() == 1


def test_wrong_answer_without_proof_of_work_is_refused(client, data, clock):
    hidden = fresh_form(client, "contact")
    wrong = str(int(hidden["human_check"]) + 1)

    response = client.post(form_url("contact"), {**hidden, **data, "human_check": wrong})

    html = response.content.decode()
    assert "Sicherheitsfrage" in html
    assert 'id="id_human_check_error"' in html
    assert not Inquiry.objects.exists()


def _solved(html: str) -> str:
    challenge = json.loads(unescape(re.search(r'data-altcha-challenge="([^"]+)"', html).group(1)))
    number = next(
        n
        for n in range(challenge["maxNumber"] + 1)
        if altcha.hash_hex("SHA-256", f"{challenge['salt']}{n}".encode()) == challenge["challenge"]
    )
    return altcha.PayloadV1(
        challenge["algorithm"],
        challenge["challenge"],
        number,
        challenge["salt"],
        challenge["signature"],
    ).to_base64()


def test_solved_proof_of_work_replaces_the_question(client, data, clock, settings):
    settings.INQUIRIES_ALTCHA_MAX_NUMBER = 2000
    html = client.get(form_url("contact")).content.decode()

    response = client.post(
        form_url("contact"),
        {**data, **_hidden_of(html), "altcha": _solved(html), "human_check": ""},
    )

    assert response.status_code == 302


def test_proof_of_work_signed_with_another_key_is_refused(client, data, clock):
    html = client.get(form_url("contact")).content.decode()
    challenge = altcha.create_challenge_v1(hmac_key="not-ours", max_number=10, number=3)
    forged = altcha.PayloadV1(
        challenge.algorithm, challenge.challenge, 3, challenge.salt, challenge.signature
    ).to_base64()
    assert _altcha_key() != "not-ours"

    response = client.post(form_url("contact"), {**data, **_hidden_of(html), "altcha": forged})

    assert response.status_code == 200
    assert not Inquiry.objects.exists()


def test_garbage_proof_of_work_gives_no_server_error(client, data, clock):
    html = client.get(form_url("contact")).content.decode()
    for garbage in ["", "%%%", "e30=", "bnVsbA==", "x" * 5000]:
        response = client.post(form_url("contact"), {**data, **_hidden_of(html), "altcha": garbage})
        assert response.status_code == 200


def test_rate_limit_per_client_in_the_shared_cache(client, data, clock, settings):
    settings.INQUIRIES_RATE_LIMIT = (2, 600)
    results = [
        client.post(form_url("contact"), {**fresh_form(client, "contact"), **data}).status_code
        for _ in range(3)
    ]
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    other = other_client.post(form_url("contact"), {**fresh_form(other_client, "contact"), **data})

    assert results == [302, 302, 429]
    assert other.status_code == 302
    assert Inquiry.objects.count() == 3


def test_rate_limit_ends_with_its_window(client, data, clock, settings):
    settings.INQUIRIES_RATE_LIMIT = (1, 600)
    client.post(form_url("contact"), {**fresh_form(client, "contact"), **data})
    clock.shift(601)

    response = client.post(form_url("contact"), {**fresh_form(client, "contact"), **data})

    assert response.status_code == 302


def test_page_cache_never_serves_one_visitors_token_to_another(client, data, settings):
    settings.PAGE_CACHE_SECONDS = 300

    first = fresh_form(client, "contact")
    second = fresh_form(client, "contact")

    assert first["form_token"] != second["form_token"]
