"""Ingestion collapses the distinct paths of a log with one regex of all routes; the
statistics must show exactly what Django's own ``resolve`` makes of each path."""

from urllib.parse import unquote

from traffic.paths import path_normalised, paths_normalised
from traffic.sample_logs import sample_lines

TRICKY = [
    "",
    "-",
    "*",
    "/",
    "//",
    "/kundencenter",
    "/kundencenter/",
    "/kundencenter/aktivieren/Mg:1tAbCdE:xYz0123456789abcdefghijklm/",
    "/kundencenter/aktivieren/Mg:1tAbCdE:xYz0123456789abcdefghijklm",
    "/kundencenter/aktivieren/Mg%3A1tAbCdE%3AxYz0123456789abcdefghijklm/",
    "/kundencenter/aktivieren/code/",
    "/kundencenter/aktivieren/ünïcödé/",
    "/kundencenter/aktivieren/a b/",
    "/kundencenter/aktivieren/key/\n",
    "/kundencenter/aktivieren//",
    "/kundencenter/vertraege/4711/",
    "/kundencenter/vertraege/4711",
    "/kundencenter/vertraege/47/11/",
    "/kundencenter/vertraege/%2F/",
    "/kundencenter/auftraege/12/fotos/3/",
    "/kundencenter/auftraege/١٢/",
    "/kundencenter/passwort-neu/7-abc123-0123456789abcdef0123456789abcdef/",
    "/kundencenter/api/v1/auftraege/abholen/geheim/bestaetigen/",
    "/dokumente/12/rechnung.pdf",
    "/dokumente/12/",
    "/dokumente/x/rechnung.pdf",
    "/dokumente/authenticate_with_password/3/",
    "/datenschutz/versionen/2.1/",
    "/a/b/versionen/3/",
    "/versionen/3",
    "/admin/",
    "/admin/pages/12/edit/",
    "/admin/pages/12/revisions/compare/live...3/",
    "/admin/pages/12/revisions/compare/earliest...latest/",
    "/admin/pages/x/edit/",
    "/admin/bulk/a/b/c/",
    "/_util/authenticate_with_password/1/2/",
    "/robots.txt",
    "/robots.txt/",
    "/sitemap.xml",
    "/sitemapXxml",
    "/static/css/site.css",
    "/wp-login.php",
    "/.env",
    "/unbekannt/0123456789abcdefghijklmnopqrstuvwxyz/",
    "/tarif/strom/",
    "/tarif/strom",
    "/%E2%82%AC/",
    "/%ZZ/",
    "/seite?x=1",
    "/kundencenter/vertraege/4711/#anker",
    "http://example.org/",
]


def test_every_path_of_a_sample_log_and_every_tricky_path_collapses_as_django_resolves(db):
    distinct = {line.split('"')[1].split(" ")[1] for line in sample_lines(30_000, seed=7)}
    paths = sorted(
        {unquote(path) for path in distinct} | set(TRICKY) | {unquote(p) for p in TRICKY}
    )
    assert len(paths) > 600
    expected = [path_normalised(path) for path in paths]
    assert paths_normalised(paths) == expected
    assert "/kundencenter/aktivieren/<key>/" in expected
    assert "/kundencenter/vertraege/<contract_number>/" in expected
