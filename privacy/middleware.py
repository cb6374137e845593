import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

PRIVATE_REMOTE_CACHE_KEY = "privacy:private-remote-address"
# Carrier-grade NAT space, used by some private networks, is not "private" to Python.
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")


def private_remote_address_seen() -> str | None:
    """A private proxy address that requests came from, if one was noticed.

    The web processes and `manage.py check` share it through the cache, so with
    the local-memory default only the web process's own log shows it; production
    runs with REDIS_URL set.
    """
    return cache.get(PRIVATE_REMOTE_CACHE_KEY)


class ProxyMisconfigurationMiddleware:
    """Notices requests from a private address while no proxy is trusted.

    Behind such a proxy every visitor would appear as the proxy and share one
    address and one rate-limit bucket. The first such request is logged and
    remembered for the system check privacy.W001. Development is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.watching = not settings.DEBUG and not settings.TRUSTED_PROXIES

    def __call__(self, request):
        if self.watching:
            self._notice(request)
        return self.get_response(request)

    def _notice(self, request) -> None:
        try:
            address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return
        # A proxy on the same host connects from loopback and adds the header.
        forwarded = "HTTP_X_FORWARDED_FOR" in request.META
        internal = address.is_private or address in SHARED_ADDRESS_SPACE
        if internal and (forwarded or not address.is_loopback):
            self.watching = False
            cache.set(PRIVATE_REMOTE_CACHE_KEY, str(address), timeout=60 * 60 * 24 * 7)
            logger.warning(
                "Request from private address %s but TRUSTED_PROXIES is empty; "
                "client addresses in logs and rate limits will be the proxy's.",
                address,
            )
