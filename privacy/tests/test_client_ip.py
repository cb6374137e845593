"""client_ip believes X-Forwarded-For only from trusted proxies and only as far back as
the chain of trusted proxies reaches; everything a visitor writes before that is ignored."""

import pytest
from django.test import RequestFactory

from privacy.client_ip import client_ip

NO_HEADER = None
PROXY_NETWORK = ["10.0.0.0/8"]


def request_from(remote_addr: str | None, forwarded_for: str | None):
    meta = {}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return request


@pytest.mark.parametrize(
    ("trusted_proxies", "remote_addr", "forwarded_for", "expected"),
    [
        pytest.param([], "203.0.113.7", NO_HEADER, "203.0.113.7", id="direct-no-header"),
        pytest.param([], "203.0.113.7", "1.2.3.4", "203.0.113.7", id="untrusted-cannot-spoof"),
        pytest.param([], "10.0.0.5", "1.2.3.4", "10.0.0.5", id="no-trusted-proxy-configured"),
        pytest.param(
            PROXY_NETWORK, "198.51.100.9", "1.2.3.4", "198.51.100.9", id="remote-outside-network"
        ),
        pytest.param(PROXY_NETWORK, "10.0.0.5", "203.0.113.7", "203.0.113.7", id="one-proxy"),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "1.2.3.4, 203.0.113.7",
            "203.0.113.7",
            id="spoofed-leftmost-ignored",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "1.2.3.4,203.0.113.7",
            "203.0.113.7",
            id="no-space-after-comma",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "1.2.3.4, 203.0.113.7, 10.0.0.9",
            "203.0.113.7",
            id="two-trusted-proxies",
        ),
        pytest.param(
            ["10.0.0.5", "192.168.1.0/24"],
            "10.0.0.5",
            "203.0.113.7, 192.168.1.20",
            "203.0.113.7",
            id="two-proxies-from-different-entries",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "203.0.113.7, unknown",
            "10.0.0.5",
            id="garbage-stops-at-remote",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "203.0.113.7, unknown, 10.0.0.9",
            "10.0.0.9",
            id="garbage-stops-at-nearest-trusted-hop",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "203.0.113.7:4711",
            "10.0.0.5",
            id="address-with-port-is-garbage",
        ),
        pytest.param(PROXY_NETWORK, "10.0.0.5", NO_HEADER, "10.0.0.5", id="proxy-without-header"),
        pytest.param(PROXY_NETWORK, "10.0.0.5", "", "10.0.0.5", id="proxy-with-empty-header"),
        pytest.param([], "::ffff:192.0.2.1", NO_HEADER, "192.0.2.1", id="ipv4-mapped-remote"),
        pytest.param(
            PROXY_NETWORK,
            "::ffff:10.0.0.5",
            "203.0.113.7",
            "203.0.113.7",
            id="ipv4-mapped-trusted-proxy",
        ),
        pytest.param(
            PROXY_NETWORK,
            "10.0.0.5",
            "::ffff:203.0.113.7",
            "203.0.113.7",
            id="ipv4-mapped-forwarded",
        ),
        pytest.param([], "2001:db8::1", NO_HEADER, "2001:db8::1", id="ipv6-direct"),
        pytest.param(
            ["fd00::/8"], "fd00::5", "2001:db8::7", "2001:db8::7", id="ipv6-behind-ipv6-proxy"
        ),
        pytest.param(
            ["fd00::/8"],
            "fd00::5",
            "2001:db8::66, 2001:DB8::7, fd00::9",
            "2001:db8::7",
            id="ipv6-chain-normalised",
        ),
        pytest.param(
            PROXY_NETWORK, "10.0.0.5", "2001:db8::7", "2001:db8::7", id="ipv6-behind-ipv4-proxy"
        ),
        pytest.param(PROXY_NETWORK, None, "203.0.113.7", "", id="missing-remote-addr"),
        pytest.param([], "", NO_HEADER, "", id="empty-remote-addr"),
        pytest.param(PROXY_NETWORK, "unknown", "203.0.113.7", "", id="garbage-remote-addr"),
    ],
)
def test_client_ip(settings, trusted_proxies, remote_addr, forwarded_for, expected):
    settings.TRUSTED_PROXIES = trusted_proxies

    assert client_ip(request_from(remote_addr, forwarded_for)) == expected
