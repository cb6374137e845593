"""Turning access-log lines into anonymous daily counts, with DuckDB.

DuckDB's CSV reader splits the combined format (space-separated, quoted fields) at
native speed and streams the file; only what the statistics need survives the first
step (day, method, path without query string, status, bytes, referring host, user
agent), and the address is never even read into a column. Paths and user agents are
classified once per distinct value in Python (ua-parser with its native resolver),
joined back, and one GROUPING SETS query makes every count. DuckDB's memory limit lets
it spill to disk, so peak memory does not grow with the file.

Idempotency: a file's progress (lines counted) is stored with its counts in one
database transaction, and the transaction only commits if no one else moved the
progress meanwhile. A crash mid-file loses the uncommitted counts and the next run
starts from the committed line again, so nothing is counted twice or skipped.
"""

import gzip
import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

import duckdb

from traffic.addresses import line_masked
from traffic.paths import path_is_page, path_normalised, paths_normalised
from traffic.user_agents import Agent, agent_classified, parser

#: With Django, the URL configuration and ua-parser loaded, a process has about 220 MiB;
#: DuckDB spills to disk beyond this, so a file of any size stays below 512 MiB.
DUCKDB_MEMORY_LIMIT = "128MB"
READ_CHUNK = 1 << 20
COLUMNS = {
    "address": "VARCHAR",
    "ident": "VARCHAR",
    "user": "VARCHAR",
    "time": "VARCHAR",
    "zone": "VARCHAR",
    "request": "VARCHAR",
    "status": "VARCHAR",
    "size": "VARCHAR",
    "referrer": "VARCHAR",
    "agent": "VARCHAR",
}
VIEW_STATUS = "(status BETWEEN '200' AND '299' OR status = '304')"
# Browser, OS, device type and the day's total are functions of the user agent, so
# one set per agent (500 rows a day, not a million) yields all four.
SETS_SQL = f"""
CREATE TEMP TABLE sets AS
WITH classified AS (
    SELECT lines.day, paths.normalised AS path, lines.status, lines.bytes, lines.referrer,
           agents.id AS agent, agents.bot,
           (lines.method = 'GET' AND {VIEW_STATUS} AND paths.is_page)::INTEGER AS view
    FROM lines
    JOIN paths ON paths.raw = lines.path
    JOIN agents ON agents.agent = lines.agent
)
SELECT day, bot, path, status, referrer, agent,
       CASE WHEN GROUPING(path) = 0 THEN 'page'
            WHEN GROUPING(status) = 0 THEN 'status'
            WHEN GROUPING(referrer) = 0 THEN 'referrer'
            ELSE 'agent' END AS kind,
       count(*) AS hits, sum(view) AS views, sum(bytes) AS bytes
FROM classified
GROUP BY GROUPING SETS (
    (day, bot, path), (day, bot, status), (day, bot, referrer), (day, bot, agent)
)
"""
# The sets' few thousand rows become the final counts in DuckDB too: day, status and
# referring host through small tables of their distinct values, each agent's row
# four times (browser, OS, device, total).
COUNTS_SQL = """
WITH folded AS (
    SELECT day, 'page' AS dimension, path AS value, bot, hits, views, bytes
    FROM sets WHERE kind = 'page'
    UNION ALL
    SELECT day, 'status', statuses.value, bot, hits, views, bytes
    FROM sets JOIN statuses ON statuses.raw = sets.status WHERE kind = 'status'
    UNION ALL
    SELECT day, 'referrer', referrers.host, bot, hits, views, bytes
    FROM sets JOIN referrers ON referrers.raw = sets.referrer WHERE kind = 'referrer'
    UNION ALL
    SELECT day, agent_values.dimension, agent_values.value, sets.bot, hits, views, bytes
    FROM sets JOIN agent_values ON agent_values.id = sets.agent WHERE kind = 'agent'
)
SELECT days.day, dimension, value, bot, sum(hits)::BIGINT,
       coalesce(sum(views), 0)::BIGINT, coalesce(sum(bytes), 0)::BIGINT
FROM folded JOIN days ON days.text = folded.day
GROUP BY ALL
"""

Key = tuple[date, str, str, bool]


@dataclass
class Counts:
    lines: int
    rows: dict[Key, list[int]]


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def file_fingerprint(path: Path) -> str | None:
    """Names the file by its first line, address masked; None while it is empty."""
    with _open(path) as stream:
        first = stream.readline()
    if not first.endswith(b"\n"):
        return None
    masked = line_masked(first.decode("utf-8", "replace"))
    return hashlib.sha256(masked.encode()).hexdigest()


class Counted(NamedTuple):
    lines: int
    ends_complete: bool
    #: The plain file's state (device, inode, size, modification time) if it held
    #: exactly the bytes counted when the count ended; None if it grew meanwhile.
    state: tuple[int, int, int, int] | None = None


def _state(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def complete_lines(path: Path) -> Counted:
    """Lines that end in a newline, and whether the file ends with one."""
    count, last, size = 0, b"\n", 0
    with _open(path) as stream:
        while chunk := stream.read(READ_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
            size += len(chunk)
        plain = path.suffix != ".gz"
        stat = os.fstat(stream.fileno()) if plain else None
    state = _state(stat) if stat is not None and stat.st_size == size else None
    return Counted(count, last == b"\n", state)


def _nth_newline(buffer: bytes, n: int) -> int:
    """Index of the n-th newline in buffer (n ≥ 1), or -1 if it has fewer."""
    index = -1
    for _ in range(n):
        index = buffer.find(b"\n", index + 1)
        if index < 0:
            return -1
    return index


def line_range_copy(path: Path, *, skip: int, until: int, into: Path) -> Path:
    """A copy of lines skip+1 .. until of a plain file, and nothing after them.

    The app or nginx may append to the file between counting its lines and reading
    them; reading this copy instead keeps a run to the lines it counted, so the next
    run neither counts the rest twice nor misses them.
    """
    target = into / "lines.log"
    seen = 0
    with path.open("rb") as source, target.open("wb") as copy:
        while seen < until and (chunk := source.read(READ_CHUNK)):
            if seen < skip:
                in_chunk = chunk.count(b"\n")
                if seen + in_chunk < skip:
                    seen += in_chunk
                    continue
                chunk = chunk[_nth_newline(chunk, skip - seen) + 1 :]
                seen = skip
            end = _nth_newline(chunk, until - seen)
            if end < 0:
                copy.write(chunk)
                seen += chunk.count(b"\n")
            else:
                copy.write(chunk[: end + 1])
                seen = until
    return target


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%b/%Y").date()
    except ValueError:
        return None


def _referrer_host(text: str) -> str:
    host = text.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.split(":", 1)[0]
    return host.lower()[:255]


def _lines_table(connection, path: Path, *, skip: int, limit: int | None) -> None:
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items()) + "}"
    limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
    connection.execute(
        f"""
        CREATE TEMP TABLE lines AS
        SELECT substr(time, 2, 11) AS day,
               split_part(request, ' ', 1) AS method,
               split_part(split_part(request, ' ', 2), '?', 1) AS path,
               coalesce(status, '') AS status,
               coalesce(TRY_CAST(size AS BIGINT), 0) AS bytes,
               split_part(coalesce(referrer, ''), '/', 3) AS referrer,
               coalesce(agent, '') AS agent
        FROM (
            SELECT * FROM read_csv(
                ?, delim = ' ', quote = '"', escape = '"', header = false,
                columns = {columns}, skip = {int(skip)}, auto_detect = false,
                ignore_errors = true, null_padding = true, strict_mode = false
            ) {limit_sql}
        )
        WHERE time IS NOT NULL AND request IS NOT NULL
        """,
        [str(path)],
    )


def _classify(connection) -> list[Agent]:
    """Tables of the distinct agents and paths with what they become; the agents'
    classes, in the order of their ids."""
    agents = [row[0] for row in connection.execute("SELECT DISTINCT agent FROM lines").fetchall()]
    classified = [agent_classified(agent) for agent in agents]
    connection.execute(
        """
        CREATE TEMP TABLE agents AS
        SELECT unnest($1::VARCHAR[]) AS agent, unnest($2::INTEGER[]) AS id,
               unnest($3::BOOLEAN[]) AS bot
        """,
        [agents, list(range(len(agents))), [a.bot for a in classified]],
    )
    raw_paths = [row[0] for row in connection.execute("SELECT DISTINCT path FROM lines").fetchall()]
    # The log has the path as sent, percent-escapes and all; Django routes (and a
    # secret is recognised) only on the decoded path.
    normalised = paths_normalised([unquote(raw) for raw in raw_paths])
    connection.execute(
        """
        CREATE TEMP TABLE paths AS
        SELECT unnest($1::VARCHAR[]) AS raw, unnest($2::VARCHAR[]) AS normalised,
               unnest($3::BOOLEAN[]) AS is_page
        """,
        [raw_paths, normalised, [path_is_page(path) for path in normalised]],
    )
    return classified


def _table(connection, name: str, **columns: tuple[str, list]) -> None:
    selects = ", ".join(
        f"unnest(${number}::{kind}[]) AS {column}"
        for number, (column, (kind, _)) in enumerate(columns.items(), start=1)
    )
    connection.execute(
        f"CREATE TEMP TABLE {name} AS SELECT {selects}",
        [values for _, values in columns.values()],
    )


def _distinct_in_sets(connection, column: str, kind: str) -> list[str]:
    rows = connection.execute(f"SELECT DISTINCT {column} FROM sets WHERE kind = ?", [kind])
    return [row[0] for row in rows.fetchall()]


def _values_tables(connection, agents: list[Agent]) -> None:
    """Tables of what the sets' days, statuses, referrers and agents become."""
    texts = [row[0] for row in connection.execute("SELECT DISTINCT day FROM sets").fetchall()]
    days = [(text, day) for text in texts if (day := _day(text)) is not None]
    _table(
        connection,
        "days",
        text=("VARCHAR", [text for text, _ in days]),
        day=("DATE", [day for _, day in days]),
    )
    statuses = _distinct_in_sets(connection, "status", "status")
    _table(
        connection,
        "statuses",
        raw=("VARCHAR", statuses),
        value=("VARCHAR", [status[:255] for status in statuses]),
    )
    referrers = _distinct_in_sets(connection, "referrer", "referrer")
    _table(
        connection,
        "referrers",
        raw=("VARCHAR", referrers),
        host=("VARCHAR", [_referrer_host(referrer) for referrer in referrers]),
    )
    values = [
        (number, dimension, value[:255])
        for number, agent in enumerate(agents)
        for dimension, value in (
            ("browser", agent.browser),
            ("os", agent.os),
            ("device", agent.device),
            ("total", ""),
        )
    ]
    _table(
        connection,
        "agent_values",
        id=("INTEGER", [number for number, _, _ in values]),
        dimension=("VARCHAR", [dimension for _, dimension, _ in values]),
        value=("VARCHAR", [value for _, _, value in values]),
    )


def _classifiers_load() -> None:
    parser()
    path_normalised("/")  # imports the URL configuration
    paths_normalised(["/"])  # and compiles its routes into one regex


def _read_whole_file(connection, path: Path, counted_state) -> bool:
    """Reads the file itself instead of a copy of its counted lines, if that provably
    reads exactly them: it held exactly the counted bytes when the count ended
    (``counted_state``), and its device, inode, size and modification time are the
    same right before and after the read. A log is only ever appended to, which
    changes the size; any other write changes the modification time. If it changed,
    the lines read are dropped and the caller reads the copy."""
    if counted_state is None or _state(os.stat(path)) != counted_state:
        return False
    connection.execute("SET preserve_insertion_order = false")
    _lines_table(connection, path, skip=0, limit=None)
    if _state(os.stat(path)) == counted_state:
        return True
    connection.execute("DROP TABLE lines")
    return False


def counts_from_file(
    path: Path,
    *,
    skip: int,
    until: int,
    ends_complete: bool,
    counted_state: tuple[int, int, int, int] | None = None,
) -> Counts:
    """Counts of lines skip+1 .. until of the file, without touching the database."""
    if until <= skip:
        return Counts(lines=0, rows={})
    # A fresh process spends about a second loading ua-parser's patterns and the URL
    # configuration; DuckDB releases the GIL while it reads, so both happen meanwhile.
    loading = threading.Thread(target=_classifiers_load, name="traffic-classifiers", daemon=True)
    loading.start()
    with tempfile.TemporaryDirectory(prefix="traffic-ingest-") as spill:
        connection = duckdb.connect(":memory:")
        try:
            connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
            connection.execute("SET temp_directory = ?", [spill])
            whole = (
                skip == 0
                and ends_complete
                and path.suffix != ".gz"
                and _read_whole_file(connection, path, counted_state)
            )
            if not whole:
                source, skip_lines, limit = path, skip, None if ends_complete else until - skip
                if path.suffix != ".gz":  # compressed files are rotated ones: they never grow
                    source = line_range_copy(path, skip=skip, until=until, into=Path(spill))
                    skip_lines, limit = 0, None
                # Only a read that stops at a line count needs the lines in order.
                connection.execute(f"SET preserve_insertion_order = {limit is not None}")
                _lines_table(connection, source, skip=skip_lines, limit=limit)
            loading.join()
            agents = _classify(connection)
            connection.execute(SETS_SQL)
            _values_tables(connection, agents)
            result = connection.execute(COUNTS_SQL).fetchall()
        finally:
            connection.close()
    rows = {
        (day, dimension, value, bool(bot)): [hits, views, size]
        for day, dimension, value, bot, hits, views, size in result
    }
    return Counts(lines=until - skip, rows=rows)
