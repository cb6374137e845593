"""Usage analytics without cookies, and the visitor's objection to it.

The visit key is an HMAC of address and user agent under a secret of the day. The
secret lives in the database (every web process must compute the same key) and is
deleted when its day is over, so a key can be linked neither to an address nor to a
key of another day. Raw events live one day and then become transition counts.

A visitor objects with the opt-out cookie set on the privacy page, or by sending
``DNT: 1`` or ``Sec-GPC: 1``; from then on nothing of theirs is recorded.
"""

import hashlib
import hmac
import secrets
from datetime import date

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from traffic.paths import path_is_page, path_normalised

OPT_OUT_COOKIE = "analytics_optout"
OPT_OUT_COOKIE_MAX_AGE = 60 * 60 * 24 * 365 * 2
NEVER_RECORDED_PREFIXES = ("/admin/", "/static/", "/media/", "/dokumente/")


def objection_by_cookie(request: HttpRequest) -> bool:
    return request.COOKIES.get(OPT_OUT_COOKIE) == "1"


def objection_by_signal(request: HttpRequest) -> bool:
    """Do Not Track or Global Privacy Control: the browser objects for the visitor."""
    return request.META.get("HTTP_DNT") == "1" or request.META.get("HTTP_SEC_GPC") == "1"


def visitor_objects(request: HttpRequest) -> bool:
    return objection_by_cookie(request) or objection_by_signal(request)


def is_page_view(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not request.path.startswith(NEVER_RECORDED_PREFIXES)
        and path_is_page(request.path)
    )


def salt_for(day: date) -> str:
    from traffic.models import DailySalt

    salt, _ = DailySalt.objects.get_or_create(day=day, defaults={"secret": secrets.token_hex(32)})
    return salt.secret


_salt_cache: dict[date, str] = {}


def visit_key(*, ip: str, user_agent: str, day: date) -> str:
    if day not in _salt_cache:
        _salt_cache.clear()  # yesterday's secret goes from memory too
        _salt_cache[day] = salt_for(day)
    message = f"{ip}\n{user_agent}".encode()
    return hmac.new(_salt_cache[day].encode(), message, hashlib.sha256).hexdigest()[:32]


def page_view_record(*, request: HttpRequest, ip: str) -> None:
    from traffic.models import PageEvent

    now = timezone.now()
    PageEvent.objects.create(
        visit=visit_key(
            ip=ip,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            day=timezone.localdate(now),
        ),
        path=path_normalised(request.path),
        at=now,
    )
