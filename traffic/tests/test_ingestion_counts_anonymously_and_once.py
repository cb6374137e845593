"""Log lines become anonymous daily counts, each line exactly once."""

import gzip
from datetime import date

import duckdb
import pytest
from django.core.management import call_command

from traffic import ingestion, services
from traffic.models import DailyCount, LogFile
from traffic.sample_logs import sample_log_write
from traffic.services import access_logs_ingest, log_file_ingest
from traffic.tests.conftest import combined

DAY = date(2026, 10, 10)
STORED = ("day", "dimension", "value", "bot", "hits", "views", "bytes")
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def count(dimension: str, value: str, *, bot: bool = False, field: str = "hits") -> int:
    row = DailyCount.objects.filter(day=DAY, dimension=dimension, value=value, bot=bot).first()
    return getattr(row, field) if row else 0


@pytest.fixture
def log(tmp_path, settings):
    settings.TRAFFIC_ACCESS_LOG_DIR = tmp_path
    return tmp_path / "access-2026-10-10.log"


@pytest.mark.django_db
def test_pages_statuses_browsers_and_referrers_are_counted_with_bots_apart(log):
    log.write_text(
        combined("/kontakt-hilfe/?q=geheim", referrer="https://www.Example.org:8443/x?s=1")
        + combined("/kontakt-hilfe/", size=500)
        + combined("/kontakt-hilfe/", agent=BOT)
        + combined("/static/css/site.css", size=20)
        + combined("/fehlt/", status=404, size=10)
        + combined("/kundencenter/aktivieren/Mg:1tAbc-geheim/", status=302, size=0)
    )

    [ingested] = access_logs_ingest()

    assert ingested.lines == 6
    assert count("page", "/kontakt-hilfe/") == 2
    assert count("page", "/kontakt-hilfe/", bot=True) == 1
    assert count("page", "/kontakt-hilfe/", field="views") == 2
    assert count("page", "/static/css/site.css", field="views") == 0
    assert count("page", "/kundencenter/aktivieren/<key>/") == 1
    assert count("status", "404") == 1
    assert count("status", "200") == 3
    assert count("total", "", field="bytes") == 1000 + 500 + 20 + 10
    assert count("browser", "Firefox 120") == 5
    assert count("os", "Linux") == 5
    assert count("device", "desktop") == 5
    assert count("referrer", "www.example.org") == 1


@pytest.mark.django_db
def test_no_address_agent_query_string_or_token_survives(log):
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
    log.write_text(
        combined("/suche/?q=Max+Mustermann", ip="198.51.100.23", agent=agent)
        + combined("/kundencenter/passwort-neu/3-abcdefgh12345/", referrer="https://a.example/?t=1")
        + combined("/dokumente/7/rechnung-mustermann.pdf")
    )
    log_file_ingest(path=log)

    stored = " ".join(f"{row.value}" for row in DailyCount.objects.all()) + " ".join(
        LogFile.objects.values_list("name", "fingerprint").first()
    )
    for secret in ("198.51.100", agent, "Mustermann", "abcdefgh12345", "t=1", "q="):
        assert secret not in stored


@pytest.mark.django_db
def test_ingesting_again_counts_nothing_twice_and_appended_lines_once(log):
    log.write_text(combined("/") * 3)
    log_file_ingest(path=log)
    log_file_ingest(path=log)
    assert count("page", "/") == 3

    with log.open("a") as stream:
        stream.write(combined("/") * 2 + combined("/")[:30])  # the last line still open
    log_file_ingest(path=log)
    assert count("page", "/") == 5

    with log.open("a") as stream:
        stream.write(combined("/")[30:])
    log_file_ingest(path=log)
    assert count("page", "/") == 6
    assert LogFile.objects.get().lines_done == 6


@pytest.mark.django_db
def test_a_crash_mid_file_keeps_nothing_so_the_next_run_counts_each_line_once(log, monkeypatch):
    log.write_text(combined("/") * 4)

    def crash(rows):
        raise RuntimeError("power cut")

    monkeypatch.setattr(services, "_counts_add", crash)
    with pytest.raises(RuntimeError):
        log_file_ingest(path=log)
    assert count("page", "/") == 0 and LogFile.objects.get().lines_done == 0

    monkeypatch.undo()
    log_file_ingest(path=log)
    assert count("page", "/") == 4


@pytest.mark.django_db
def test_a_rotated_file_is_recognised_by_its_content_not_its_name(log):
    log.write_text(combined("/") * 2)
    log_file_ingest(path=log)
    rotated = log.with_name("access.log.1")
    log.rename(rotated)

    log_file_ingest(path=rotated)
    assert count("page", "/") == 2


@pytest.mark.django_db
def test_garbage_lines_are_skipped_without_failing(log):
    log.write_text("nonsense\n\x00\x01 binary\n" + combined("/") + '"unbalanced\n')
    log_file_ingest(path=log)
    assert count("page", "/") == 1


@pytest.mark.django_db
def test_a_file_of_garbage_only_is_counted_as_done_with_nothing_in_it(log):
    log.write_text("nonsense\n" * 3)
    assert log_file_ingest(path=log).lines == 3
    assert not DailyCount.objects.exists()
    assert LogFile.objects.get().lines_done == 3


@pytest.mark.django_db
def test_the_command_ingests_named_files_and_refuses_missing_ones(log, capsys):
    log.write_text(combined("/"))
    call_command("traffic", "ingest", str(log))
    assert count("page", "/") == 1
    with pytest.raises(Exception, match="nicht gefunden"):
        call_command("traffic", "ingest", str(log.with_name("nope.log")))


@pytest.mark.django_db
def test_percent_escapes_neither_split_a_page_nor_hide_a_secret(log):
    log.write_text(
        combined("/%7Eadmin/")
        + combined("/~admin/")
        + combined("/kundencenter/aktivieren/Mg%3A1tAbc%3Ageheim/")
    )
    log_file_ingest(path=log)

    assert count("page", "/~admin/") == 2
    assert count("page", "/kundencenter/aktivieren/<key>/") == 1
    assert not DailyCount.objects.filter(value__contains="geheim").exists()


@pytest.mark.django_db
def test_lines_written_while_a_run_counts_are_counted_once(log, monkeypatch):
    """The app (or nginx) keeps appending to today's file while ingestion runs: a line
    written after the lines were counted belongs to the next run, not to both."""
    log.write_text(combined("/a/"))
    log_file_ingest(path=log)
    with log.open("a") as stream:
        stream.write(combined("/a/") + combined("/a/"))
    counted = ingestion.complete_lines

    def count_then_more_is_written(path):
        result = counted(path)
        with path.open("a") as stream:
            stream.write(combined("/a/") + combined("/b/ohne-zeilenende")[:-1])
        return result

    monkeypatch.setattr(ingestion, "complete_lines", count_then_more_is_written)
    assert log_file_ingest(path=log).lines == 2
    assert count("page", "/a/") == 3
    monkeypatch.undo()

    with log.open("a") as stream:
        stream.write("\n" + combined("/b/"))
    assert log_file_ingest(path=log).lines == 3
    assert count("page", "/a/") == 4
    assert count("page", "/b/ohne-zeilenende") == 1
    assert count("page", "/b/") == 1
    assert count("total", "") == 6


@pytest.mark.django_db
def test_lines_written_while_the_whole_file_is_read_are_counted_once(log, monkeypatch):
    """A file is read whole while its lines are counted; if a line is appended
    meanwhile, the run counts again and reads a copy of exactly the counted lines."""
    log.write_text(combined("/a/") + combined("/a/"))
    read = ingestion._rows
    sources = []

    def read_while_more_is_written(connection, source, **options):
        sources.append(source)
        rows = read(connection, source, **options)
        if len(sources) == 1:
            with log.open("a") as stream:
                stream.write(combined("/b/") + combined("/c/")[:20])
        return rows

    monkeypatch.setattr(ingestion, "_rows", read_while_more_is_written)
    assert log_file_ingest(path=log).lines == 3
    assert sources[0] == log and sources[1] != log
    assert count("page", "/a/") == 2 and count("page", "/b/") == 1
    monkeypatch.undo()

    with log.open("a") as stream:
        stream.write(combined("/c/")[20:])
    assert log_file_ingest(path=log).lines == 1
    assert count("page", "/c/") == 1
    assert count("total", "") == 4


@pytest.mark.django_db
def test_a_file_nobody_writes_to_is_read_once_without_a_copy(log, monkeypatch):
    log.write_text(combined("/a/") * 3)
    read = ingestion._rows
    sources = []

    def read_and_note(connection, source, **options):
        sources.append(source)
        return read(connection, source, **options)

    monkeypatch.setattr(ingestion, "_rows", read_and_note)
    assert log_file_ingest(path=log).lines == 3
    assert sources == [log]
    assert count("page", "/a/") == 3


@pytest.mark.django_db
def test_a_rotated_and_compressed_file_counts_only_what_was_not_counted(log):
    log.write_text(combined("/a/") * 2)
    log_file_ingest(path=log)
    with log.open("a") as stream:
        stream.write(combined("/b/") + combined("/c/")[:25])  # the last line never ended
    rotated = log.with_name("access-2026-10-10.log.1.gz")
    rotated.write_bytes(gzip.compress(log.read_bytes()))
    log.unlink()

    assert log_file_ingest(path=rotated).lines == 1
    assert log_file_ingest(path=rotated).lines == 0
    assert count("page", "/a/") == 2 and count("page", "/b/") == 1
    assert count("total", "") == 3


@pytest.mark.django_db
def test_a_file_counted_in_parts_gives_the_counts_of_one_run(log, tmp_path):
    """The second part is read from a copy of exactly its lines; the counts are those
    of the whole file read at once."""
    whole = tmp_path / "whole.log"
    sample_log_write(whole, 3000, days=3, seed=7)
    log_file_ingest(path=whole)
    at_once = sorted(DailyCount.objects.values_list(*STORED))
    DailyCount.objects.all().delete()
    LogFile.objects.all().delete()

    lines = whole.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:1234]))
    assert log_file_ingest(path=log).lines == 1234
    with log.open("ab") as stream:
        stream.write(b"".join(lines[1234:]))
    assert log_file_ingest(path=log).lines == 3000 - 1234

    assert sorted(DailyCount.objects.values_list(*STORED)) == at_once


@pytest.mark.django_db
def test_a_line_with_an_unbalanced_quote_mid_file_costs_no_more_than_the_next_line(log):
    """nginx escapes quotes, but a corrupted line can still have an odd number of
    them; DuckDB's parallel reader then gives up, and one thread reads the file."""
    broken = '203.0.113.9 - - [10/Oct/2026:13:55:36 +0200] "GET /kaputt HTTP/1.1 200 5 "-" "x"\n'
    log.write_text(combined("/a/") * 20_000 + broken + combined("/a/") * 20_000)

    assert log_file_ingest(path=log).lines == 40_001
    # Its open quote runs on into the next line, and the two are read as one.
    assert count("page", "/a/") == 39_999
    assert count("total", "") == 40_000


@pytest.mark.django_db
def test_an_escaped_nul_in_a_path_is_counted_and_stays_escaped(log):
    """Scanners send /%00; PostgreSQL cannot store a NUL in text."""
    log.write_text(combined("/%00/") + combined("/a%00b/"))
    assert log_file_ingest(path=log).lines == 2
    assert count("page", "/%00/") == 1 and count("page", "/a%00b/") == 1


@pytest.mark.django_db
def test_sets_too_big_to_count_together_are_counted_one_at_a_time(log, monkeypatch):
    sample_log_write(log, 3000, days=3, seed=7)
    log_file_ingest(path=log)
    together = sorted(DailyCount.objects.values_list(*STORED))
    DailyCount.objects.all().delete()
    LogFile.objects.all().delete()
    read = ingestion._read
    queries = []

    def out_of_memory_for_all_three_at_once(connection, sql, source, **options):
        if "GROUPING(request_id)" in sql:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")
        queries.append(sql)
        return read(connection, sql, source, **options)

    monkeypatch.setattr(ingestion, "_read", out_of_memory_for_all_three_at_once)
    assert log_file_ingest(path=log).lines == 3000
    assert sum("GROUPING SETS" in query for query in queries) == 3
    assert sorted(DailyCount.objects.values_list(*STORED)) == together


@pytest.mark.parametrize(
    "content",
    [b"", b"eins\n", b"eins\nzwei\n", b"eins\nzwei", b"\n\n\n", b"ohne Zeilenende"],
    ids=["empty", "one", "two", "open last line", "blank lines", "no newline at all"],
)
def test_lines_are_counted_alike_by_wc_and_without_it(tmp_path, monkeypatch, content):
    plain = tmp_path / "access.log"
    plain.write_bytes(content)

    by_wc = ingestion._counted_by_wc(plain)
    monkeypatch.setattr(ingestion.shutil, "which", lambda name: None)
    assert ingestion._counted_by_wc(plain) is None
    by_python = ingestion.complete_lines(plain)

    assert by_wc == by_python
    assert by_wc.lines == content.count(b"\n")
    assert by_wc.ends_complete == (content == b"" or content.endswith(b"\n"))
    assert by_wc.state is not None


@pytest.mark.django_db
def test_a_static_file_is_no_view_by_the_address_it_was_requested_at(log):
    log.write_text(combined("/%73tatic/css/site.css") + combined("/favicon.ico") + combined("/"))
    log_file_ingest(path=log)
    assert count("page", "/static/css/site.css", field="views") == 0
    assert count("page", "/favicon.ico", field="views") == 0
    assert count("page", "/", field="views") == 1


@pytest.mark.django_db
def test_counts_stored_in_many_statements_equal_those_stored_in_one(log, monkeypatch):
    sample_log_write(log, 2000, days=2, seed=3)
    monkeypatch.setattr(services, "ROWS_PER_STATEMENT", 100_000)
    log_file_ingest(path=log)
    in_one = sorted(DailyCount.objects.values_list(*STORED))
    assert len(in_one) > 300
    DailyCount.objects.all().delete()
    LogFile.objects.all().delete()

    monkeypatch.setattr(services, "ROWS_PER_STATEMENT", 7)
    log_file_ingest(path=log)

    assert sorted(DailyCount.objects.values_list(*STORED)) == in_one
