"""Protection of the public forms, without cookies and without tracking.

* A signed form token stands in for Django's CSRF cookie: it is bound to the page's
  path, and a POST is only let past Django's CSRF check when its token is genuine and
  the browser's Origin / Sec-Fetch-Site headers (when sent) say the form was sent
  from this site. The token is single-use, so a reload cannot send an inquiry twice.
* ALTCHA: the page carries a signed proof-of-work challenge that a small script
  solves. Without JavaScript a simple arithmetic question takes its place; its
  answer travels only as an HMAC inside the token.
* A honeypot field that people leave empty, and a rate limit per client kept in the
  shared cache, keyed by a keyed hash of the address rather than the address.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import altcha
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from inquiries import conf
from privacy.client_ip import client_ip

TOKEN_FIELD = "form_token"
ALTCHA_FIELD = "altcha"
HONEYPOT_FIELD = "homepage"
TOKEN_SALT = "inquiries.form-token"
TOKEN_MAX_AGE = timedelta(hours=4)


def keyed_digest(purpose: str, value: str) -> str:
    """A keyed hash: the cache learns whether two values are equal, not the value."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class IssuedToken:
    token: str
    question: str
    challenge: str  # ALTCHA challenge as JSON for the widget


def _altcha_key() -> str:
    return keyed_digest("altcha", "hmac-key")


def token_issue(*, path: str) -> IssuedToken:
    nonce = secrets.token_urlsafe(12)
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps(
        {"p": path, "n": nonce, "a": keyed_digest("answer", f"{nonce}:{first + second}")},
        salt=TOKEN_SALT,
    )
    challenge = altcha.create_challenge_v1(
        hmac_key=_altcha_key(),
        max_number=conf.altcha_max_number(),
        expires=timezone.now() + TOKEN_MAX_AGE,
    )
    return IssuedToken(
        token=token,
        question=f"{first} + {second}",
        challenge=json.dumps(challenge.to_dict()),
    )


def _token_data(token: str, *, max_age: timedelta | None = None) -> dict | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def _same_origin(request: HttpRequest) -> bool:
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return True
    if origin == "null":
        return False
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    parsed = urlsplit(origin)
    return f"{parsed.scheme}://{parsed.netloc}" in allowed


def request_carries_genuine_token(request: HttpRequest) -> bool:
    """A POST from this site with a token this server issued for this very page."""
    token = request.POST.get(TOKEN_FIELD, "")
    data = _token_data(token) if token else None
    return bool(data) and data.get("p") == request.path and _same_origin(request)


class TokenProblem(Exception):
    pass


def token_check(request: HttpRequest) -> dict:
    """The token's data, or TokenProblem with a reason a person can act on."""
    data = _token_data(request.POST.get(TOKEN_FIELD, ""), max_age=TOKEN_MAX_AGE)
    if not data or data.get("p") != request.path or not _same_origin(request):
        raise TokenProblem("expired")
    return data


def token_consume(data: dict) -> bool:
    """True the first time a token is used, False for every repetition."""
    return cache.add(f"inquiries:token:{data['n']}", 1, timeout=int(TOKEN_MAX_AGE.total_seconds()))


def human_check_passes(request: HttpRequest, data: dict, answer: str) -> bool:
    """Either the proof of work is solved, or the arithmetic question is answered."""
    payload = request.POST.get(ALTCHA_FIELD, "")
    if payload and len(payload) < 2000:
        try:
            verified, _error = altcha.verify_solution_v1(payload, _altcha_key(), check_expires=True)
        except (ValueError, TypeError, KeyError):
            verified = False
        if verified:
            return True
    answer = answer.strip()
    if answer.isdigit() and len(answer) < 4:
        expected = keyed_digest("answer", f"{data['n']}:{int(answer)}")
        return hmac.compare_digest(expected, data.get("a", ""))
    return False


def counter_increment(key: str, *, timeout: int) -> int:
    """Counts up a shared counter in one cache round trip in the usual case."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def rate_limit_exceeded(request: HttpRequest) -> bool:
    """Counts one submission of this client; True once it is over the limit."""
    limit, seconds = conf.rate_limit()
    window = int(timezone.now().timestamp()) // seconds
    key = f"inquiries:rate:{keyed_digest('client', client_ip(request))}:{window}"
    return counter_increment(key, timeout=seconds) > limit
