"""Every link that leaves the site says so: "[extern]" to the eye, the destination to the ear.

The spec promises that offers of third parties are recognisable by the marking "[extern]".
Marking happens on the finished HTML of every public response, so a link written in rich
text, in a template or by another app is marked the same way without anyone remembering to.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.utils.html import escape
from django.utils.translation import gettext as _

ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<content>.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
CLASS = re.compile(r"""\bclass\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
REL = re.compile(r"""\brel\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)
MARKED_CLASS = "extern"


def destination_host(href: str, own_hosts: frozenset[str]) -> str | None:
    """The host a link leads to, or None if it stays on this site."""
    try:
        url = urlsplit(href.strip())
    except ValueError:
        return None
    if url.scheme.lower() not in ("http", "https", "") or not url.hostname:
        return None
    host = url.hostname.lower()
    return None if host in own_hosts else host


def _mark(match: re.Match, own_hosts: frozenset[str]) -> str:
    attrs = match["attrs"]
    href = HREF.search(attrs)
    if not href:
        return match[0]
    host = destination_host(href["dq"] if href["dq"] is not None else href["sq"], own_hosts)
    if host is None:
        return match[0]
    existing_class = CLASS.search(attrs)
    classes = (existing_class["dq"] or existing_class["sq"] or "").split() if existing_class else []
    if MARKED_CLASS in classes:
        return match[0]
    attrs = CLASS.sub("", attrs) if existing_class else attrs
    attrs = REL.sub("", attrs)
    class_value = " ".join([*classes, MARKED_CLASS])
    announcement = escape(_("externer Link zu %(host)s") % {"host": host})
    return (
        f'<a{attrs.rstrip()} class="{class_value}" rel="noopener noreferrer">{match["content"]}'
        f'<span class="extern-mark" aria-hidden="true"> [extern]</span>'
        f'<span class="visually-hidden"> ({announcement})</span></a>'
    )


def mark_external_links(html: str, own_hosts: frozenset[str]) -> str:
    return ANCHOR.sub(lambda match: _mark(match, own_hosts), html)


class ExternalLinkMiddleware:
    """Marks off-site links in public HTML pages (the Wagtail admin is left as it is)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or request.path.startswith("/admin/")
        ):
            return response
        try:
            own_hosts = frozenset({request.get_host().rsplit(":", 1)[0].lower()})
        except DisallowedHost:
            return response
        charset = response.charset or "utf-8"
        response.content = mark_external_links(response.content.decode(charset), own_hosts)
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
