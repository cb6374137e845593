"""Every request, cached pages included, becomes one combined-format line."""

import re

import pytest

from traffic.access_log import writer

LINE = re.compile(
    r"^(?P<ip>\S+) - - \[(?P<time>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<size>\d+|-) "(?P<referrer>[^"]*)" '
    r'"(?P<agent>[^"]*)"$'
)


def lines_in(directory) -> list[str]:
    writer.flush()
    return [
        line
        for path in sorted(directory.glob("access-*.log"))
        for line in path.read_text().splitlines()
    ]


@pytest.mark.django_db
def test_a_request_is_logged_with_address_referrer_page_time_bytes_status_and_agent(
    log_dir, client
):
    response = client.get(
        "/robots.txt?x=1",
        HTTP_REFERER="https://example.org/a",
        HTTP_USER_AGENT='Firefox "quoted"',
        REMOTE_ADDR="198.51.100.4",
    )

    [line] = lines_in(log_dir)
    fields = LINE.match(line).groupdict()
    assert fields["ip"] == "198.51.100.4"
    assert fields["request"] == "GET /robots.txt?x=1 HTTP/1.1"
    assert fields["status"] == "200"
    assert int(fields["size"]) == len(response.content)
    assert fields["referrer"] == "https://example.org/a"
    assert fields["agent"] == "Firefox \\x22quoted\\x22"


@pytest.mark.django_db
def test_pages_answered_from_the_page_cache_are_logged_too(log_dir, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    for _ in range(3):
        assert client.get("/robots.txt").status_code == 200

    assert len(lines_in(log_dir)) == 3


@pytest.mark.django_db
def test_nothing_is_written_where_nginx_writes_the_log(log_dir, client, settings):
    settings.TRAFFIC_ACCESS_LOG_WRITE = False
    client.get("/robots.txt")

    assert lines_in(log_dir) == []


@pytest.mark.django_db
def test_missing_pages_and_their_status_are_logged(log_dir, client):
    client.get("/gibt-es-nicht/")

    [line] = lines_in(log_dir)
    assert LINE.match(line)["status"] == "404"
