"""Full-text search over published pages, with the matching passage highlighted."""

import re
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
EXCERPT_LENGTH = 240


@dataclass(frozen=True)
class SearchHit:
    page: Page
    excerpt: SafeString


def page_text(page: Page) -> str:
    """The readable text of a page, for excerpts."""
    parts = [page.title, page.search_description]
    for field in ("intro", "body", "closing"):
        value = getattr(page, field, None)
        if value is None:
            continue
        if hasattr(value, "render_as_block"):
            value = value.render_as_block()
        parts.append(strip_tags(str(value)))
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def query_terms(query: str) -> list[str]:
    return [term for term in re.findall(r"\w+", query) if len(term) > 1]


def highlight(text: str, terms: list[str]) -> SafeString:
    """An excerpt of `text` around the first match, terms wrapped in <mark>."""
    if not terms:
        return mark_safe(escape(text[:EXCERPT_LENGTH]))
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - EXCERPT_LENGTH // 3) if first else 0
    excerpt = text[start : start + EXCERPT_LENGTH]
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_LENGTH < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def readable_query(query: str) -> str:
    """The query as typed, at most MAX_QUERY_LENGTH long; what cannot be shown
    (control characters, lone surrogates, odd spaces) becomes a space."""
    shown = "".join(ch if ch.isprintable() else " " for ch in query)
    return re.sub(r" +", " ", shown).strip()[:MAX_QUERY_LENGTH]


def backend_query(query: str) -> str:
    """Only the words of the query go to the search backend: to SQLite's full-text
    index a quote or a NUL byte is syntax, and a visitor who types "Strom" in quotes
    means the word."""
    return " ".join(re.findall(r"\w+", query))


def search_pages(query: str, page_number: str | int = 1) -> tuple[PaginatorPage, list[SearchHit]]:
    words = backend_query(readable_query(query))
    pages = Page.objects.live().public().specific()
    results = pages.search(words, operator="and") if words else pages.none()
    paginated = Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
    terms = query_terms(words)
    hits = [
        SearchHit(page=page, excerpt=highlight(page_text(page), terms))
        for page in paginated.object_list
    ]
    return paginated, hits
