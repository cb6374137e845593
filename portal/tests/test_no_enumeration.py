"""Every path that takes an identifier answers alike whether it is known or not.

For each path the same identifier is typed into two worlds, one where it belongs to
a customer or an account and one where it does not. The page (without per-request
tokens), the status, the number of database queries and the tasks enqueued must be
equal: the deterministic stand-in for "no measurable timing difference". The tasks
are only recorded here (dummy backend), so what they do later is not part of the
request.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.tasks import default_task_backend
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext, override_settings

from portal.models import OnlineAccess
from portal.tests.conftest import PASSWORD, login_create

EMAIL = "gesucht@example.org"
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
_PER_REQUEST = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'),
    re.compile(r'(nonce=")[^"]*'),
]


def page_normalised(html: str) -> str:
    for pattern in _PER_REQUEST:
        html = pattern.sub(r"\1…", html)
    return html


@dataclass
class Answer:
    status: int
    chain: list[tuple[int, str]]
    page: str
    queries: int
    sql: list[str]
    tasks: list[tuple[str, dict]]


def answer_of(request: Callable[[Client], object], client: Client) -> Answer:
    default_task_backend.clear()
    with (
        CaptureQueriesContext(connection) as queries,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        response = request(client)
    chain = list(getattr(response, "redirect_chain", []))
    # What a mail says differs on purpose (the owner learns by mail); which task goes
    # to whom must not.
    tasks = [
        (result.task.name, result.kwargs.get("to") or result.kwargs.get("email"))
        for result in default_task_backend.results
    ]
    return Answer(
        status=response.status_code,
        chain=chain,
        page=page_normalised(response.content.decode()),
        queries=len(queries),
        sql=[q["sql"] for q in queries.captured_queries],
        tasks=tasks,
    )


def unactivated_account(customer) -> None:
    user = login_create(customer, EMAIL)
    user.emailaddress_set.update(verified=False)


def registration(client):
    return client.post(
        "/kundencenter/registrieren/",
        {
            "customer_number": "3000001",
            "name": "Weiß",
            "town": "Lüdenscheid",
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "activation_by": "email",
        },
        follow=True,
    )


def password_reset(client):
    return client.post("/kundencenter/passwort-vergessen/", {"email": EMAIL}, follow=True)


def activation_resend(client):
    return client.post("/kundencenter/aktivieren/neuer-link/", {"email": EMAIL}, follow=True)


def letter_request(client):
    return client.post("/kundencenter/aktivieren/neuer-brief/", {"email": EMAIL}, follow=True)


def login(client):
    return client.post(
        "/kundencenter/anmelden/", {"login": EMAIL, "password": "falsch-" + PASSWORD}, follow=True
    )


def email_change(client):
    return client.post("/kundencenter/e-mail/", {"email": EMAIL, "action_add": ""}, follow=True)


# path: (the request, what makes the identifier known, who is logged in)
PATHS = {
    "registration": (registration, lambda juergen, other: None, None),
    "password_reset": (password_reset, lambda juergen, other: login_create(juergen, EMAIL), None),
    "activation_resend": (activation_resend, lambda j, o: unactivated_account(j), None),
    "letter_request": (letter_request, lambda j, o: unactivated_account(j), None),
    "login": (login, lambda juergen, other: login_create(juergen, EMAIL), None),
    "email_change": (email_change, lambda juergen, other: login_create(juergen, EMAIL), "other"),
}


def world_answer(name: str, *, known: bool, juergen, other) -> Answer:
    request, make_known, logged_in = PATHS[name]
    cache.clear()
    client = Client()
    if name == "registration" and not known:
        # The unknown world has no customer with this number, name and town.
        juergen.customer_number = "3999999"
        juergen.save()
    if known:
        make_known(juergen, other)
    if logged_in:
        login_create(other, "petra@example.org")
        client.post("/kundencenter/anmelden/", {"login": "petra@example.org", "password": PASSWORD})
    client.get("/kundencenter/anmelden/")  # warms the same caches in both worlds
    return answer_of(request, client)


@pytest.mark.parametrize("name", sorted(PATHS))
@override_settings(TASKS=DUMMY_TASKS)
def test_known_and_unknown_identifiers_get_the_same_answer(name, juergen, other, django_db_blocker):
    from django.db import transaction

    answers = {}
    for known in (False, True):
        sid = transaction.savepoint_create()
        answers[known] = world_answer(name, known=known, juergen=juergen, other=other)
        transaction.savepoint_rollback(sid)
        juergen.refresh_from_db()

    unknown, known = answers[False], answers[True]
    assert unknown.status == known.status == 200
    assert unknown.chain == known.chain
    assert unknown.page == known.page
    assert unknown.queries == known.queries, (unknown.sql, known.sql)
    assert unknown.tasks == known.tasks
    assert known.tasks or name == "login" or name == "email_change"


@override_settings(TASKS=DUMMY_TASKS)
def test_the_matrix_tells_a_difference_when_there_is_one(juergen, other):
    """The comparison is able to fail: a logged-in page differs from a logged-out one."""
    login_create(juergen, EMAIL)
    logged_out = answer_of(lambda c: c.get("/kundencenter/", follow=True), Client())
    client = Client()
    client.post("/kundencenter/anmelden/", {"login": EMAIL, "password": PASSWORD})
    logged_in = answer_of(lambda c: c.get("/kundencenter/", follow=True), client)
    assert logged_out.page != logged_in.page
    assert logged_out.queries != logged_in.queries
    assert OnlineAccess.objects.count() == 1
