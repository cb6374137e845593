"""The http backend against a real HTTP server on 127.0.0.1: it accepts, fails with
500, times out, answers nonsense or refuses; TLS certificates are verified."""

import base64
import json
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sms.backends.base import GatewayError, GatewayRefused, OutgoingSms
from sms.backends.http import SmsBackend
from sms.models import SmsMessage
from sms.services import sms_deliver
from sms.tests.helpers import send
from stadtwerk.testing import tool_required

MESSAGE = OutgoingSms(recipient="+4915123456789", text="Hallo", idempotency_key="k-1")


class Gateway(BaseHTTPRequestHandler):
    """Answers by path, and remembers what it received."""

    received: list[dict] = []
    #: "/slow" answers only once this is set, when the test is over.
    slow_answer_allowed = threading.Event()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        Gateway.received.append(
            {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
        )
        if self.path == "/slow":
            Gateway.slow_answer_allowed.wait(timeout=120)
        status, body = {
            "/accept": (200, b'{"status": "accepted", "id": "gw-1"}'),
            "/slow": (200, b'{"status": "accepted"}'),
            "/fail": (500, b"Internal Server Error"),
            "/malformed": (200, b"<html>OK</html>"),
            "/unexpected": (200, b'{"status": "maybe"}'),
            "/refuse": (400, b'{"error": "invalid number"}'),
            "/busy": (429, b'{"error": "slow down"}'),
        }[self.path]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except BrokenPipeError:
            pass  # the client gave up waiting, as it should

    def log_message(self, *args):
        pass


def _serve(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def gateway(settings):
    Gateway.received = []
    Gateway.slow_answer_allowed = threading.Event()
    server = _serve(ThreadingHTTPServer(("127.0.0.1", 0), Gateway))
    settings.SMS_HTTP_USERNAME = "stadtwerk"
    settings.SMS_HTTP_PASSWORD = "geheim"
    settings.SMS_HTTP_TIMEOUT = 0.5
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Gateway.slow_answer_allowed.set()
    server.shutdown()
    server.server_close()


def error_of(call, *, within: float = 60) -> Exception | None:
    """What `call` raised. It runs in a thread that may take up to `within` seconds:
    a bound against hanging for ever, not a measure of speed."""
    outcome = {}

    def run():
        try:
            call()
        except Exception as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), f"still waiting for the gateway after {within} s"
    return outcome.get("error")


def test_an_accepted_message_carries_only_number_and_text(gateway, settings):
    settings.SMS_HTTP_URL = gateway + "/accept"
    SmsBackend().send(MESSAGE)
    (request,) = Gateway.received
    assert json.loads(request["body"]) == {"to": "+4915123456789", "text": "Hallo"}
    assert request["headers"]["Idempotency-Key"] == "k-1"
    credentials = base64.b64encode(b"stadtwerk:geheim").decode()
    assert request["headers"]["Authorization"] == f"Basic {credentials}"


@pytest.mark.parametrize("path", ["/fail", "/slow", "/malformed", "/unexpected", "/busy"])
def test_server_errors_timeouts_and_odd_answers_are_retried(gateway, settings, path):
    """ "/slow" never answers while the test runs: that the call returns at all shows
    that the client's own timeout decided."""
    settings.SMS_HTTP_URL = gateway + path

    error = error_of(lambda: SmsBackend().send(MESSAGE))

    assert isinstance(error, GatewayError)
    assert not isinstance(error, GatewayRefused)


def test_a_client_error_is_a_refusal_for_good(gateway, settings):
    settings.SMS_HTTP_URL = gateway + "/refuse"
    with pytest.raises(GatewayRefused):
        SmsBackend().send(MESSAGE)


def test_a_gateway_that_is_not_there_is_retried(settings):
    with socket_closed() as port:
        settings.SMS_HTTP_URL = f"http://127.0.0.1:{port}/accept"
        with pytest.raises(GatewayError):
            SmsBackend().send(MESSAGE)


def test_a_timeout_keeps_the_message_queued_and_a_retry_reuses_the_key(gateway, settings, customer):
    settings.SMS_BACKEND = "sms.backends.http.SmsBackend"
    settings.SMS_HTTP_URL = gateway + "/slow"
    message = send(customer)
    assert sms_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.state, message.attempts) == (SmsMessage.State.QUEUED, 1)

    settings.SMS_HTTP_URL = gateway + "/accept"
    SmsMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    assert sms_deliver(message_id=message.pk) is True
    keys = {request["headers"]["Idempotency-Key"] for request in Gateway.received}
    assert keys == {str(message.idempotency_key)}


class socket_closed:
    """A port on 127.0.0.1 that nothing listens on."""

    def __enter__(self):
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        return self.socket.getsockname()[1]

    def __exit__(self, *exc):
        self.socket.close()


@pytest.fixture
def tls_gateway(tmp_path):
    openssl = tool_required("openssl", "it makes the test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    _serve(server)
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_tls_certificates_are_verified(tls_gateway, settings):
    url, cert = tls_gateway
    Gateway.received = []
    settings.SMS_HTTP_URL = url + "/accept"
    with pytest.raises(GatewayError):
        SmsBackend().send(MESSAGE)  # a certificate no trusted authority signed
    assert Gateway.received == []
    settings.SMS_HTTP_VERIFY = str(cert)
    SmsBackend().send(MESSAGE)
    assert len(Gateway.received) == 1
