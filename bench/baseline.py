"""The baselines: a plain Django view rendering a template of a given size, bare and
under Django's cache_page.

The view extends the site's base template, so head, header and footer cost what they
cost on a real page, and fills the content with paragraphs until the page has `size`
bytes. Both are marked ``no-cache`` on the way out, after cache_page has stored its copy,
so the page cache under test never answers for them.
"""

from functools import cache, wraps

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page

TEMPLATE = "bench/baseline.html"
PARAGRAPH = "Die Stadtwerke versorgen die Stadt mit Strom, Gas, Wasser und Wärme. " * 2


def not_for_the_page_cache(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, no_cache=True)
        return response

    return wrapper


@cache
def _frame_bytes() -> int:
    return len(render_to_string(TEMPLATE, {"paragraphs": []}).encode())


def _page(request, size: int):
    paragraph_bytes = len(f"<p>{PARAGRAPH}</p>\n".encode())
    count = max(0, (size - _frame_bytes()) // paragraph_bytes)
    return render(request, TEMPLATE, {"paragraphs": [PARAGRAPH] * count})


bare_page = not_for_the_page_cache(_page)
cache_page_page = not_for_the_page_cache(cache_page(300)(_page))
