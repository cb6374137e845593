"""A provider's HTTPS API: one JSON POST per SMS, basic authentication, TLS verified.

The request body holds only the recipient number and the text; the idempotency key
goes in the `Idempotency-Key` header. The provider answers 2xx with a JSON object
whose "status" is "accepted"; 4xx (other than 408 and 429) means the message is
refused for good, anything else (5xx, timeout, an answer we cannot read) is retried.
"""

import requests

from sms import conf
from sms.backends.base import BaseSmsBackend, GatewayError, GatewayRefused, OutgoingSms

RETRIED_CLIENT_ERRORS = {408, 425, 429}


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingSms) -> None:
        url = conf.http_url()
        if not url:
            raise GatewayError("SMS_HTTP_URL is not set")
        auth = (conf.http_username(), conf.http_password()) if conf.http_username() else None
        try:
            response = requests.post(
                url,
                json={"to": message.recipient, "text": message.text},
                headers={"Idempotency-Key": message.idempotency_key},
                auth=auth,
                timeout=conf.http_timeout(),
                verify=conf.http_verify(),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise GatewayError(type(exc).__name__) from exc
        if 400 <= response.status_code < 500 and response.status_code not in RETRIED_CLIENT_ERRORS:
            raise GatewayRefused(f"HTTP {response.status_code}")
        if not 200 <= response.status_code < 300:
            raise GatewayError(f"HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            raise GatewayError("malformed answer") from None
        if not isinstance(answer, dict) or answer.get("status") != "accepted":
            raise GatewayError("malformed answer")
