"""Shortened IP addresses: IPv4 to its /16 network, IPv6 to its /48 network."""

import ipaddress

IPV4_PREFIX = 16
IPV6_PREFIX = 48


def address_masked(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "-"  # not an address: keep nothing of it
    prefix = IPV4_PREFIX if parsed.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)


def line_masked(line: str) -> str:
    """The log line with its first field (the client address) shortened."""
    address, sep, rest = line.partition(" ")
    return address_masked(address) + sep + rest if sep else line
