"""A made-up but realistic access log in the combined format, for tests and benchmarks.

Deterministic for a given seed, and streamed: lines are made in batches and written as
they come, so five million lines need no more memory than five thousand. What it
contains is what a municipal utility's site sees: about 150 fixed addresses (pages,
static files, customer-centre forms, scanners probing for holes; some 650 with their
query strings) and, in 2 % of page requests, an activation, password-reset, contract
or download link with a secret in the path, each one distinct; 500 user agents of
which about a fifth are bots and scripts, IPv4 and IPv6 clients, redirects, 304, 404
and the odd 500, sizes written as "-" where nothing was sent, internal and external
referrers, and strings escaped as nginx escapes them (``\\x22`` for a quote).
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

SITE = "https://www.stadtwerk-beispiel.de"
ZONE = ZoneInfo("Europe/Berlin")
BATCH = 10_000
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_SECTIONS = {
    "strom": ("tarife", "oekostrom", "waermepumpe", "e-mobilitaet", "preise", "grundversorgung"),
    "gas": ("tarife", "preise", "grundversorgung", "heizungstausch"),
    "wasser": ("wasserqualitaet", "haertegrad", "preise", "hausanschluss"),
    "waerme": ("fernwaerme", "anschluss", "preise"),
    "kontakt-hilfe": ("datenschutz", "impressum", "faq", "stoerung-melden", "kundenzentrum"),
    "ueber-uns": ("unternehmen", "karriere", "presse", "nachhaltigkeit", "geschichte"),
    "aktuelles": tuple(f"meldung-{n}" for n in range(1, 31)),
    "foerderprogramme": ("solar", "heizung", "e-auto", "wallbox"),
    "umzug": ("einzug", "auszug"),
}
_PORTAL = (
    "/kundencenter/",
    "/kundencenter/anmelden/",
    "/kundencenter/abmelden/",
    "/kundencenter/registrieren/",
    "/kundencenter/registrieren/gesendet/",
    "/kundencenter/passwort-vergessen/",
    "/kundencenter/passwort-vergessen/gesendet/",
    "/kundencenter/vertraege/",
    "/kundencenter/rechnungen/",
    "/kundencenter/zaehlerstand/",
    "/kundencenter/abschlag/",
    "/kundencenter/umzug/",
    "/kundencenter/kontaktdaten/",
    "/kundencenter/meine-daten/",
    "/kundencenter/aktivieren/code/",
    "/nutzungsanalyse/widerspruch/",
)
_STATIC = (
    "/static/css/site.4f2a9c.css",
    "/static/css/print.77ab01.css",
    "/static/js/site.9be1d0.js",
    "/static/js/charts.13c5e2.js",
    "/static/fonts/source-sans-3.woff2",
    "/static/fonts/source-sans-3-bold.woff2",
    "/static/img/logo.svg",
    "/static/img/hero-strom.webp",
    "/static/img/hero-wasser.webp",
    "/media/images/kraftwerk.2e16d0ba.fill-800x450.jpg",
    "/media/images/team.2e16d0ba.fill-400x400.jpg",
    "/media/images/netz.9f1c.width-1200.png",
    "/favicon.ico",
    "/apple-touch-icon.png",
    "/robots.txt",
    "/sitemap.xml",
)
_PROBES = (
    "/wp-login.php",
    "/wp-admin/setup-config.php",
    "/.env",
    "/.git/config",
    "/xmlrpc.php",
    "/phpmyadmin/index.php",
    "/cgi-bin/luci",
    "/admin/login.asp",
    "/strom/tarif/",
    "/stra%C3%9Fenbeleuchtung/",
    "/%7Eadmin/",
    "/aktuelles/meldung-99/",
)
_SEARCH_TERMS = ("strom", "gas+preis", "Z%C3%A4hlerstand", "st%C3%B6rung", "abschlag", "umzug")
_BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.{m}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Android 14; Mobile; rv:{v}.0) Gecko/{v}.0 Firefox/{v}.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A546B) AppleWebKit/537.36 "
    "(KHTML, like Gecko) SamsungBrowser/{m}.0 Chrome/{v}.0.0.0 Mobile Safari/537.36",
)
_BOTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.{m}; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36 "
    "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.{m}; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.{m}; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.{m}; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "DuckDuckBot/1.{m}; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.{m}; +http://www.baidu.com/search/spider.html)",
    "facebookexternalhit/1.{m} (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Applebot/0.{m}; +http://www.apple.com/go/applebot)",
    "curl/8.{m}.0",
    "Wget/1.21.{m}",
    "python-requests/2.{m}.0",
    "Go-http-client/1.1",
    "Mozilla/5.0+(compatible; UptimeRobot/2.{m}; http://www.uptimerobot.com/)",
)
#: Agents as odd as real logs have them: a quote and a backslash, escaped as nginx
#: escapes them, and an agent that sends nothing.
_ODD_AGENTS = (
    "Mozilla/5.0 (compatible; \\x22Stadtwerk-Monitor\\x22 \\x5C check)",
    "-",
)
_EXTERNAL_REFERRERS = (
    "https://www.google.com/",
    "https://www.google.de/",
    "https://www.bing.com/search?q=stadtwerk+strom",
    "https://duckduckgo.com/",
    "https://www.ecosia.org/search?q=fernw%C3%A4rme",
    "android-app://com.google.android.gm/",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.stadtwerk-beispiel.de%2F",
    "https://www.stadt-beispiel.de/buergerservice/",
)


def _pages() -> list[str]:
    pages = ["/"]
    for section, children in _SECTIONS.items():
        pages.append(f"/{section}/")
        pages.extend(f"/{section}/{child}/" for child in children)
    return pages


def _agents(count: int, rng: random.Random) -> list[str]:
    """`count` distinct agents, about a fifth of them bots and scripts."""
    agents, seen = list(_ODD_AGENTS), set(_ODD_AGENTS)
    while len(agents) < count:
        template = rng.choice(_BOTS) if rng.random() < 0.2 else rng.choice(_BROWSERS)
        agent = template.format(v=rng.randint(100, 131), m=rng.randint(0, 9))
        if agent not in seen:
            seen.add(agent)
            agents.append(agent)
    return agents


def _weights(count: int, skew: float = 1.1) -> list[float]:
    """Zipf-like: the first is the most popular, as on every real site."""
    return list(accumulate(1 / (rank**skew) for rank in range(1, count + 1)))


def _token(rng: random.Random, length: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choices(alphabet, k=length))


def _secret_path(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"/kundencenter/aktivieren/{_token(rng, 3)}:1t{_token(rng, 5)}:{_token(rng, 27)}/"
    if kind == 1:
        user = f"{rng.randint(1, 9999):x}"
        return f"/kundencenter/passwort-neu/{user}-{_token(rng, 6)}-{_token(rng, 32)}/"
    if kind == 2:
        return f"/dokumente/{rng.randint(1, 400)}/rechnung-{rng.randint(10**6, 10**7)}.pdf"
    if kind == 3:
        return f"/kundencenter/vertraege/{rng.randint(10**8, 10**9)}/"
    return f"/kundencenter/api/v1/auftraege/abholen/{_token(rng, 40)}/bestaetigen/"


def _address(rng: random.Random) -> str:
    if rng.random() < 0.25:
        groups = (rng.randrange(1 << 16) for _ in range(3))
        return "2001:db8:{:x}:{:x}::{:x}".format(*groups)
    network = rng.choice((84, 91, 93, 178, 188, 217))
    return f"{network}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _request(rng: random.Random, path: str, kind: str) -> tuple[str, str, int, str]:
    """Method, target (path with query string), status and size for one request."""
    roll = rng.random()
    if kind == "probe":
        method = "POST" if roll < 0.2 else "GET"
        return method, path, 404, str(rng.randint(150, 900))
    if kind == "static":
        if roll < 0.3:
            return "GET", path, 304, "-"
        return "GET", path, 200, str(rng.randint(800, 250_000))
    if kind == "secret":
        if path.startswith("/dokumente/"):
            return "GET", path, (200 if roll < 0.9 else 404), str(rng.randint(20_000, 400_000))
        return "GET", path, (302 if roll < 0.7 else 200), ("-" if roll < 0.7 else "5120")
    target = path
    if path == "/" and roll < 0.05:
        target = f"/?utm_source=newsletter&utm_campaign=herbst{rng.randint(1, 9)}"
    elif path.startswith("/aktuelles/") and roll < 0.2:
        target = f"{path}?page={rng.randint(2, 6)}"
    elif roll < 0.03:
        target = f"{path}?q={rng.choice(_SEARCH_TERMS)}"
    if kind == "portal" and path.endswith(("/anmelden/", "/registrieren/")) and roll > 0.6:
        return "POST", target, (302 if roll > 0.7 else 200), ("-" if roll > 0.7 else "7311")
    if roll > 0.995:
        return "GET", target, 500, "391"
    if roll > 0.93:
        return "GET", target, 304, "-"
    if roll > 0.92:
        return "HEAD", target, 200, "-"
    return "GET", target, 200, str(rng.randint(4_000, 60_000))


def _external_referrer(rng: random.Random) -> str:
    return "-" if rng.random() < 0.6 else rng.choice(_EXTERNAL_REFERRERS)


class _Visit:
    """A few requests of one client (address and agent), each referred by the last page."""

    __slots__ = ("address", "agent", "left", "referrer")

    def __init__(self, address: str, agent: str, left: int, referrer: str) -> None:
        self.address, self.agent, self.left, self.referrer = address, agent, left, referrer


def sample_lines(
    lines: int, *, days: int = 90, seed: int = 1, first_day: date = date(2026, 9, 1)
) -> Iterator[str]:
    """`lines` log lines (each ending in a newline), in time order over `days` days."""
    rng = random.Random(seed)
    pages = _pages()
    popular = [(path, "page") for path in pages[1:]] + [(path, "portal") for path in _PORTAL]
    popular += [(path, "static") for path in _STATIC]
    rng.shuffle(popular)
    # Scanners' probes are the rarest addresses; the home page is the most requested.
    targets = [("/", "page"), *popular, *((path, "probe") for path in _PROBES)]
    target_weights = _weights(len(targets), skew=0.9)
    agents = _agents(500, rng)
    agent_weights = _weights(len(agents), skew=0.8)
    # Returning clients: an address keeps its agent, as a person keeps their browser.
    clients = [
        (_address(rng), agent)
        for agent in rng.choices(
            agents, cum_weights=agent_weights, k=min(100_000, max(50, lines // 8))
        )
    ]
    visits: list[_Visit] = []
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=ZONE).astimezone(UTC)
    step = days * 86_400 / max(lines, 1)
    made = 0
    while made < lines:
        count = min(BATCH, lines - made)
        chosen = rng.choices(targets, cum_weights=target_weights, k=count)
        out = []
        for offset, (path, kind) in enumerate(chosen):
            while len(visits) < 12:
                address, agent = rng.choice(clients)
                visits.append(_Visit(address, agent, rng.randint(1, 9), _external_referrer(rng)))
            visit = visits[rng.randrange(len(visits))]
            if kind == "page" and rng.random() < 0.02:
                path, kind = _secret_path(rng), "secret"
            method, target, status, size = _request(rng, path, kind)
            at = (start + timedelta(seconds=int((made + offset) * step))).astimezone(ZONE)
            stamp = f"{at.day:02d}/{MONTHS[at.month - 1]}/{at.year}:{at:%H:%M:%S %z}"
            protocol = "HTTP/2.0" if rng.random() < 0.6 else "HTTP/1.1"
            out.append(
                f'{visit.address} - - [{stamp}] "{method} {target} {protocol}" {status} {size} '
                f'"{visit.referrer}" "{visit.agent}"\n'
            )
            if kind in ("page", "portal"):
                visit.referrer = SITE + target
            visit.left -= 1
            if visit.left <= 0:
                visits.remove(visit)
        made += count
        yield from out


def sample_log_write(path: Path, lines: int, *, days: int = 90, seed: int = 1) -> Path:
    """Write a sample log of `lines` lines to `path`, streamed in batches."""
    with path.open("w", encoding="ascii", newline="") as stream:
        batch: list[str] = []
        for line in sample_lines(lines, days=days, seed=seed):
            batch.append(line)
            if len(batch) >= BATCH:
                stream.writelines(batch)
                batch.clear()
        stream.writelines(batch)
    return path
