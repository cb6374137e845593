"""Fifty parallel sends for one customer against the live server: exactly five are
accepted and handed to the gateway, the other 45 are refused with a clear message.
Run it against PostgreSQL with DATABASE_URL; on SQLite writers queue for the lock,
which proves less, but the same limits must hold."""

import re
import threading

import pytest
import requests
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from portal.models import OnlineAccess
from portal.tests.conftest import customer_create, login_create
from sms.models import AbuseLogEntry, SmsMessage

PARALLEL = 50
CSRF = "c" * 32  # a well-formed CSRF secret; cookie and form field carry the same one


class RoomyWSGIServer(ThreadedWSGIServer):
    # Django's live server queues only 10 connections; fifty at once must all get in.
    request_queue_size = 128


class RoomyLiveServerThread(LiveServerThread):
    server_class = RoomyWSGIServer


@pytest.fixture
def server_url(transactional_db):
    thread = RoomyLiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


@pytest.fixture
def logged_in_session(transactional_db):
    customer = customer_create("4200001", "Viele", "Versuche", "Neustadt")
    login_create(customer, "viele@example.org")
    client = Client()
    client.force_login(OnlineAccess.objects.get(customer=customer).user)
    return customer, {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def test_fifty_parallel_sends_give_exactly_five(server_url, logged_in_session, sms_outbox):
    customer, cookies = logged_in_session
    url = server_url + "/kundencenter/sms/"
    barrier = threading.Barrier(PARALLEL)
    results: list[tuple[int, str]] = []

    def post(n: int) -> None:
        barrier.wait()
        response = requests.post(
            url,
            data={
                "csrfmiddlewaretoken": CSRF,
                "recipient": f"0151 2345{n:04d}",
                "text": f"Nachricht {n}",
            },
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        )
        results.append((response.status_code, response.text))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 45 + [302] * 5
    refusals = [body for status, body in results if status == 200]
    assert all(re.search(r"bereits alle 5 kostenlosen SMS", body) for body in refusals)
    assert SmsMessage.objects.filter(customer=customer).count() == 5
    assert AbuseLogEntry.objects.filter(customer_number="4200001").count() == 5
    assert len(sms_outbox) == 5
