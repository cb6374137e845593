"""What a requested path becomes in the statistics: no query string, and no secret.

Addresses that carry a secret or an identifier in the path itself (activation and
password-reset links, document downloads, a contract number) are collapsed to their
route: every URL pattern with arguments is shown as its pattern, e.g.
``/kundencenter/aktivieren/<key>/``. Wagtail's pages stay as they are.
"""

import re
from functools import lru_cache

from django.urls import Resolver404, resolve
from wagtail.views import serve as wagtail_serve

MAX_LENGTH = 255
STATIC_PREFIXES = ("/static/", "/media/")
STATIC_FILES = ("/favicon.ico", "/robots.txt", "/sitemap.xml", "/apple-touch-icon.png")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)(?:[^()]|\([^()]*\))*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
#: A path segment that looks like a key or token even where no route says so.
_TOKEN_SEGMENT = re.compile(r"(?=[^/]*\d)(?=[^/]*[A-Za-z])[A-Za-z0-9_:.~=-]{24,}")


def _route_text(route: str) -> str:
    route = _NAMED_GROUP.sub(lambda m: f"<{m[1]}>", route)
    route = _UNNAMED_GROUP.sub("<param>", route)
    route = _CONVERTER.sub(lambda m: f"<{m[1]}>", route)
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


@lru_cache(maxsize=4096)
def path_normalised(path: str) -> str:
    """The path as statistics keep it (without the query string already)."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return path[:MAX_LENGTH] or "-"
    try:
        match = resolve(path)
    except (Resolver404, UnicodeError, ValueError):
        match = None
    if (
        match is not None
        and (match.args or match.kwargs)
        and match.route
        and match.func is not wagtail_serve
    ):
        return _route_text(match.route)[:MAX_LENGTH]
    return _TOKEN_SEGMENT.sub("<token>", path)[:MAX_LENGTH]


def path_is_page(path: str) -> bool:
    """Whether a request for this (normalised) path can be a page view."""
    return not path.startswith(STATIC_PREFIXES) and path not in STATIC_FILES
