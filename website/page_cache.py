"""Finished public pages for anonymous visitors, served from the shared cache.

A page is rendered once and then answered from the Django cache (Redis in production),
so the database is not asked again until an editor changes something or the entry
expires (PAGE_CACHE_SECONDS). Invalidation is a generation counter kept in the same
cache: every entry remembers the generation it was made in, and publishing,
unpublishing, moving or deleting a page, saving a site setting or a model named in
PAGE_CACHE_INVALIDATED_BY moves the counter on. Old entries are never read again and
expire by themselves. One lookup fetches counter and entry together, so a hit costs one
cache round trip.

Only what is the same for every anonymous visitor is stored: GET requests without any
cookie or credentials, 200 responses that set no cookie, ask for no privacy
(Cache-Control private/no-store/no-cache) and carry no policy of their own (the
two-click embeds widen the CSP of a single response). A view whose answer differs per
visitor without a cookie (a one-time challenge, say) must mark it with ``never_cache``.
Entries are keyed by scheme, host, path with query string and the language
LocaleMiddleware would choose, which is all that ``Vary: Accept-Language`` lets a page
depend on.

PageCacheMiddleware must sit above every middleware that changes the body or sets
cookies (sessions, locale, external-link marking, CSRF, authentication, messages), so it
stores the finished response; the check website.E001 holds that order. Headers added by
the middleware above it (security headers, CSP) are added afresh to every hit.
"""

import hashlib
import secrets

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, Tags, register
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

DEFAULT_SECONDS = 0
GENERATION_KEY = "page_cache:generation"
ENTRY_KEY_PREFIX = "page_cache:entry:"
NEVER_CACHED_PREFIXES = ("/admin/", "/kundencenter/")
# Vary headers whose variants the key covers; a cookie-less request never differs by Cookie.
KEYED_VARY = frozenset({"accept-language", "cookie"})
PRIVATE_CACHE_CONTROL = frozenset({"private", "no-store", "no-cache"})
MIDDLEWARE_PATH = "website.page_cache.PageCacheMiddleware"
# The page cache must come before (above) each of these that is installed.
MIDDLEWARE_BELOW = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.external_links.ExternalLinkMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
)


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def request_is_cacheable(request: HttpRequest) -> bool:
    """The same answer would do for every anonymous visitor asking this."""
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def response_is_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A response that brings its own Content-Security-Policy (an activated embed) stays
    # with the one visitor who clicked.
    if hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config"):
        return False
    cache_control = {
        directive.split("=", 1)[0] for directive in _header_tokens(response, "Cache-Control")
    }
    if cache_control & PRIVATE_CACHE_CONTROL:
        return False
    return _header_tokens(response, "Vary") <= KEYED_VARY


def _header_tokens(response: HttpResponse, header: str) -> set[str]:
    return {token.strip().lower() for token in response.get(header, "").split(",")} - {""}


def entry_key(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the view answers that with a 400
    language = translation.get_language_from_request(request)
    address = "\n".join((request.scheme, host, request.get_full_path(), language))
    return ENTRY_KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _fresh_generation() -> int:
    # Random, so a counter lost to eviction never restarts at a value old entries hold.
    return secrets.randbelow(2**62)


def current_generation() -> int:
    """The counter that moves whenever published content changes; other caches key on it."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def entry_lookup(key: str) -> tuple[HttpResponse | None, int]:
    """The stored response for `key` if it is current, and the current generation."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        return None, cache.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is None or entry[0] != generation:
        return None, generation
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response, generation


def entry_store(key: str, generation: int, response: HttpResponse, seconds: int) -> None:
    entry = (generation, response.status_code, list(response.headers.items()), response.content)
    cache.set(key, entry, timeout=seconds)


def page_cache_invalidate() -> None:
    """Every stored page is out of date from now on.

    The counter moves now, and again once the transaction commits: a page rendered from
    the old rows while the change was not yet visible must not survive either.
    """
    _generation_advance()
    transaction.on_commit(_generation_advance)


def _generation_advance() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet, or evicted
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


class PageCacheMiddleware:
    """Answers anonymous page requests from the cache; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache_seconds()
        if not seconds or not request_is_cacheable(request):
            return self.get_response(request)
        key = entry_key(request)
        if key is None:
            return self.get_response(request)
        cached, generation = entry_lookup(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        # A HEAD response may have lost its body on the way; only GET fills the cache.
        if request.method == "GET" and response_is_cacheable(response):
            entry_store(key, generation, response, seconds)
        return response


# What a visitor sees changes with these models: every page, the site settings (the
# Impressum is on every policy page) and the sites themselves. Further models, such as
# those of another app that a page shows, are named in PAGE_CACHE_INVALIDATED_BY.
INVALIDATING_BASES = (Page, BaseSiteSetting, BaseGenericSetting, Site)


def invalidating_models() -> list[type]:
    # A misspelt label raises here, at startup, instead of leaving pages stale.
    named = [apps.get_model(label) for label in invalidated_by_setting()]
    return [
        model
        for model in apps.get_models()
        if issubclass(model, INVALIDATING_BASES) or model in named
    ]


def invalidated_by_setting() -> list[str]:
    return list(getattr(settings, "PAGE_CACHE_INVALIDATED_BY", []))


def _invalidate_on_signal(**kwargs) -> None:
    page_cache_invalidate()


def connect_signals() -> None:
    """Called once from WebsiteConfig.ready()."""
    uid = "website.page_cache"
    # Connected per model: a receiver for every sender would make Django give up fast
    # bulk deletes everywhere.
    for model in invalidating_models():
        post_save.connect(_invalidate_on_signal, sender=model, dispatch_uid=f"{uid}:{model}")
        post_delete.connect(_invalidate_on_signal, sender=model, dispatch_uid=f"{uid}:del:{model}")
    for number, signal in enumerate(
        (page_published, page_unpublished, post_page_move, published, unpublished)
    ):
        signal.connect(_invalidate_on_signal, dispatch_uid=f"{uid}:signal{number}")


@register(Tags.caches)
def check_page_cache(app_configs, **kwargs) -> list[Error]:
    errors = []
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE_PATH in middleware:
        position = middleware.index(MIDDLEWARE_PATH)
        above = [name for name in MIDDLEWARE_BELOW if name in middleware[:position]]
        if above:
            errors.append(
                Error(
                    "The page cache would store responses before these middleware "
                    f"finish them: {', '.join(above)}.",
                    hint=f"Put {MIDDLEWARE_PATH} above them in MIDDLEWARE.",
                    id="website.E001",
                )
            )
    return errors
