"""The billing system takes the open requests over, by `manage.py portal export` or by
the JSON API (claim for a lease, then confirm); each request is handed over until it is
confirmed and never twice after that, and the API keeps to its OpenAPI document."""

import base64
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec

from portal.models import CustomerRequest
from portal.tests.transactions_helpers import TODAY, history_add, requests_of_each_kind

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-token-for-the-billing-system"
CLAIM = "/kundencenter/api/v1/auftraege/abholen/"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def march(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return time_machine


@pytest.fixture
def token(settings):
    settings.PORTAL_BILLING_API_TOKEN = TOKEN
    settings.PORTAL_BILLING_CLAIM_LEASE_MINUTES = 15


@pytest.fixture
def submitted(march, juergen):
    history_add(juergen)
    return requests_of_each_kind(juergen)


def export(*args) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("portal", "export", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def confirm_url(claim: str) -> str:
    return f"{CLAIM}{claim}/bestaetigen/"


def open_requests() -> int:
    return CustomerRequest.objects.filter(transferred_at=None).count()


# The export command


def test_the_export_writes_every_open_request_as_a_json_line_and_marks_it_transferred(
    submitted,
):
    exported, report = export()

    assert [(r["id"], r["kind"]) for r in exported] == [(r.pk, r.kind) for r in submitted]
    assert {r["customer_number"] for r in exported} == {"3000001"}
    reading = exported[0]
    assert reading["data"]["value"] == "5100.5"
    [photo] = reading["photos"]
    assert photo["meter_number"] == "Z-3000001"
    assert base64.b64decode(photo["data_base64"])[:2] == b"\xff\xd8"
    assert "5 Aufträge übergeben." in report
    assert open_requests() == 0
    assert CustomerRequest.objects.filter(transferred_at=timezone.now()).count() == 5


def test_the_summary_counts_one_request_in_the_singular(submitted):
    CustomerRequest.objects.exclude(pk=submitted[0].pk).delete()

    exported, report = export()

    assert len(exported) == 1
    assert report == "1 Auftrag übergeben.\n"


def test_a_second_export_exports_nothing_new(submitted, juergen):
    export()

    again, report = export()

    assert again == []
    assert "0 Aufträge übergeben." in report


def test_a_request_made_after_an_export_comes_with_the_next(submitted, juergen):
    export()
    newer = requests_of_each_kind(juergen)

    exported, _ = export()

    assert [r["id"] for r in exported] == [r.pk for r in newer]


def test_the_export_writes_to_the_output_file(submitted, tmp_path):
    target = tmp_path / "auftraege.jsonl"

    printed, _ = export("--output", str(target))

    assert printed == []
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r.pk for r in submitted]
    assert "Weiß" in target.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


@pytest.mark.parametrize("where", ["missing-directory/auftraege.jsonl", "."])
def test_an_unwritable_output_is_a_clear_error_and_marks_nothing(submitted, tmp_path, where):
    target = tmp_path / where

    with pytest.raises(
        CommandError, match="kann nicht geschrieben werden: .*Nichts wurde als übergeben markiert"
    ):
        export("--output", str(target))

    assert open_requests() == 5
    assert list(tmp_path.iterdir()) == []  # no half-written or temporary file
    # The requests are free again: the next run, to a good path, exports them.
    exported, _ = export("--output", str(tmp_path / "ok.jsonl"))
    assert len((tmp_path / "ok.jsonl").read_text().splitlines()) == 5


# The API: authentication


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Bearer wrong"},
        {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"},
        {"HTTP_AUTHORIZATION": TOKEN},
        {"HTTP_AUTHORIZATION": "Bearer "},
    ],
)
def test_without_the_right_token_the_api_answers_401(client, token, submitted, headers):
    for url in (CLAIM, confirm_url("anything")):
        response = client.post(url, **headers)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["detail"]
    assert CustomerRequest.objects.filter(claim_token="").count() == 5


def test_without_a_configured_token_the_api_is_closed(client, settings, submitted):
    settings.PORTAL_BILLING_API_TOKEN = ""

    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer "}, AUTH):
        assert client.post(CLAIM, **headers).status_code == 503
        assert client.post(confirm_url("x"), **headers).status_code == 503


# The API: claim, lease and confirm


def test_a_claim_returns_the_open_requests_with_a_lease(client, token, submitted):
    response = client.post(CLAIM, **AUTH)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["claim"]
    assert body["lease_expires_at"] == (timezone.now() + timedelta(minutes=15)).isoformat()
    assert [r["id"] for r in body["requests"]] == [r.pk for r in submitted]
    assert open_requests() == 5  # claimed, not yet transferred


def test_a_second_claim_during_the_lease_gets_none_of_the_same_requests(
    client, token, submitted, juergen, march
):
    first = client.post(CLAIM, **AUTH).json()
    march.shift(timedelta(minutes=14))
    newer = requests_of_each_kind(juergen)

    second = client.post(CLAIM, **AUTH).json()
    third = client.post(CLAIM, **AUTH).json()

    assert [r["id"] for r in second["requests"]] == [r.pk for r in newer]
    assert second["claim"] != first["claim"]
    assert third == {"claim": None, "lease_expires_at": None, "requests": []}


def test_the_limit_caps_a_claim(client, token, submitted):
    first = client.post(f"{CLAIM}?limit=2", **AUTH).json()
    rest = client.post(CLAIM, **AUTH).json()

    assert [r["id"] for r in first["requests"]] == [r.pk for r in submitted[:2]]
    assert [r["id"] for r in rest["requests"]] == [r.pk for r in submitted[2:]]


@pytest.mark.parametrize("limit", ["0", "501", "viele", "-1"])
def test_a_bad_limit_is_a_400(client, token, submitted, limit):
    response = client.post(f"{CLAIM}?limit={limit}", **AUTH)

    assert response.status_code == 400
    assert "limit" in response.json()["detail"]
    assert CustomerRequest.objects.filter(claim_token="").count() == 5


def test_an_expired_lease_lets_the_requests_be_claimed_again(client, token, submitted, march):
    first = client.post(CLAIM, **AUTH).json()
    march.shift(timedelta(minutes=15, seconds=1))

    second = client.post(CLAIM, **AUTH).json()

    assert [r["id"] for r in second["requests"]] == [r["id"] for r in first["requests"]]
    assert second["claim"] != first["claim"]
    # The first consumer is too late: its claim now belongs to nobody.
    late = client.post(confirm_url(first["claim"]), **AUTH)
    assert late.status_code == 404
    assert "claim anew" in late.json()["detail"]
    assert client.post(confirm_url(second["claim"]), **AUTH).json() == {"transferred": 5}


def test_confirming_marks_the_claimed_requests_transferred_once(client, token, submitted, march):
    claim = client.post(f"{CLAIM}?limit=3", **AUTH).json()["claim"]

    response = client.post(confirm_url(claim), **AUTH)
    repeat = client.post(confirm_url(claim), **AUTH)

    assert response.status_code == 200
    assert response.json() == {"transferred": 3}
    assert repeat.json() == {"transferred": 0}
    assert open_requests() == 2
    marked = CustomerRequest.objects.exclude(transferred_at=None)
    assert list(marked.values_list("pk", flat=True).order_by("pk")) == [r.pk for r in submitted[:3]]
    march.shift(timedelta(hours=1))
    assert [r["id"] for r in client.post(CLAIM, **AUTH).json()["requests"]] == [
        r.pk for r in submitted[3:]
    ]


def test_transferred_requests_show_as_such_to_the_customer(
    juergen_client, client, token, submitted
):
    claim = client.post(CLAIM, **AUTH).json()["claim"]
    client.post(confirm_url(claim), **AUTH)

    page = juergen_client.get("/kundencenter/auftraege/").text

    assert "übermittelt" in page


def test_confirming_an_unknown_claim_is_a_404(client, token, submitted):
    response = client.post(confirm_url("no-such-claim"), **AUTH)

    assert response.status_code == 404
    assert "Unknown claim" in response.json()["detail"]
    assert open_requests() == 5


def test_confirming_after_the_lease_ran_out_is_a_409_and_marks_nothing(
    client, token, submitted, march
):
    claim = client.post(CLAIM, **AUTH).json()["claim"]
    march.shift(timedelta(minutes=16))

    response = client.post(confirm_url(claim), **AUTH)

    assert response.status_code == 409
    assert "lease" in response.json()["detail"]
    assert open_requests() == 5


def test_the_api_takes_post_only(client, token):
    assert client.get(CLAIM, **AUTH).status_code == 405


# The API: its OpenAPI document


@pytest.fixture
def document(client):
    response = client.get("/kundencenter/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def response_schema(document: dict, path: str, status: str) -> OAS31Validator:
    operation = document["paths"][path]["post"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return OAS31Validator(
        {**schema, "components": document["components"]},
        format_checker=OAS31Validator.FORMAT_CHECKER,
    )


def test_the_openapi_document_is_valid_openapi_3_1(document):
    validate_spec(document)

    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/kundencenter/api/v1"}]


def test_real_responses_conform_to_the_openapi_document(client, token, submitted, document):
    claim_path, confirm_path = "/auftraege/abholen/", "/auftraege/abholen/{claim}/bestaetigen/"

    claimed = client.post(CLAIM, **AUTH).json()
    empty = client.post(CLAIM, **AUTH).json()
    confirmed = client.post(confirm_url(claimed["claim"]), **AUTH).json()
    unknown = client.post(confirm_url("nope"), **AUTH)
    denied = client.post(CLAIM)
    bad_limit = client.post(f"{CLAIM}?limit=0", **AUTH)

    assert {r["kind"] for r in claimed["requests"]} == set(CustomerRequest.Kind.values)
    response_schema(document, claim_path, "200").validate(claimed)
    response_schema(document, claim_path, "200").validate(empty)
    response_schema(document, confirm_path, "200").validate(confirmed)
    response_schema(document, confirm_path, "404").validate(unknown.json())
    response_schema(document, claim_path, "401").validate(denied.json())
    response_schema(document, claim_path, "400").validate(bad_limit.json())


def test_the_schema_rejects_what_the_portal_does_not_send(client, token, submitted, document):
    claimed = client.post(CLAIM, **AUTH).json()
    validator = response_schema(document, "/auftraege/abholen/", "200")
    broken = json.loads(json.dumps(claimed))
    broken["requests"][2]["data"]["iban"] = "not an iban"

    assert not validator.is_valid(broken)


def test_the_api_needs_no_csrf_token_only_the_bearer_token(token, submitted):
    from django.test import Client

    consumer = Client(enforce_csrf_checks=True)

    claim = consumer.post(CLAIM, **AUTH).json()["claim"]
    confirmed = consumer.post(confirm_url(claim), **AUTH)

    assert confirmed.json() == {"transferred": 5}
