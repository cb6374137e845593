"""Turning access-log lines into anonymous daily counts, with DuckDB.

DuckDB's CSV reader splits the combined format (space-separated, quoted fields) at
native speed and streams the file; the address is never even read into a column, and
no line is kept. A first pass finds the distinct user agents and requests, which are
classified once each in Python (ua-parser with its native resolver; the path without
query string, normalised). A second pass joins every line to them and makes every
count in one GROUPING SETS query. DuckDB's memory limit lets it spill to disk, so
peak memory does not grow with the file.

Idempotency: a file's progress (lines counted) is stored with its counts in one
database transaction, and the transaction only commits if no one else moved the
progress meanwhile. A crash mid-file loses the uncommitted counts and the next run
starts from the committed line again, so nothing is counted twice or skipped.
"""

import gzip
import hashlib
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

import duckdb

from traffic.addresses import line_masked
from traffic.paths import path_is_page, path_normalised, paths_normalised
from traffic.user_agents import agent_classified, parser

#: With Django, the URL configuration and ua-parser loaded, a process has about 220 MiB;
#: DuckDB spills to disk beyond this, so a file of any size stays below 512 MiB.
DUCKDB_MEMORY_LIMIT = "192MB"
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
VIEW_STATUS = "(line.status BETWEEN '200' AND '299' OR line.status = '304')"
DISTINCT_SQL = """
CREATE TEMP TABLE seen AS
SELECT coalesce(list(DISTINCT coalesce(agent, '')), []) AS agents,
       coalesce(list(DISTINCT request), []) AS requests
FROM {reader} WHERE time IS NOT NULL AND request IS NOT NULL
"""
# Browser, OS, device type and the day's total are functions of the user agent, so
# the statuses' set, grouped by agent (a few thousand rows a day, not a million),
# yields all of them and the status by bot too.
SETS = {
    "page": "day, bot, request_id",
    "status": "day, agent_id, status",
    "referrer": "day, bot, referrer",
}
ALL_SETS_KIND = """CASE WHEN GROUPING(request_id) = 0 THEN 'page'
                      WHEN GROUPING(status) = 0 THEN 'status'
                      ELSE 'referrer' END"""
SETS_TABLE_SQL = """
CREATE TEMP TABLE sets (
    kind VARCHAR, day VARCHAR, bot BOOLEAN, request_id INTEGER, agent_id INTEGER,
    status VARCHAR, referrer VARCHAR, hits BIGINT, views HUGEINT, bytes HUGEINT
)
"""
SETS_SQL = f"""
INSERT INTO sets
WITH lines AS (
    SELECT substr(line.time, 2, 11) AS day,
           coalesce(TRY_CAST(line.size AS BIGINT), 0) AS bytes,
           coalesce(line.status, '') AS status,
           coalesce(line.referrer, '') AS referrer,
           agents.id AS agent_id, agents.bot, requests.id AS request_id,
           (requests.page_get AND {VIEW_STATUS})::INTEGER AS view
    FROM {{reader}} AS line
    JOIN agents ON agents.agent = coalesce(line.agent, '')
    JOIN requests ON requests.request = line.request
    WHERE line.time IS NOT NULL
)
SELECT {{kind}} AS kind, day, {{keys}},
       count(*) AS hits, sum(view) AS views, sum(bytes) AS bytes
FROM lines
GROUP BY GROUPING SETS ({{sets}})
"""
# The sets' rows become the final counts in DuckDB too: the day, the normalised path,
# the referring host and each agent's four values through small tables; each agent's
# row of the statuses' set counts four times (browser, OS, device, total). They leave
# in the order of the database's unique index, which makes the upsert a third faster
# than in random order.
COUNTS_SQL = """
WITH folded AS (
    SELECT day, 'page' AS dimension, paths.path AS value, sets.bot, hits, views, bytes
    FROM sets JOIN paths ON paths.id = sets.request_id WHERE kind = 'page'
    UNION ALL
    SELECT day, 'status', substr(status, 1, 255), agents.bot, hits, views, bytes
    FROM sets JOIN agents ON agents.id = sets.agent_id WHERE kind = 'status'
    UNION ALL
    SELECT day, 'referrer', referrers.host, sets.bot, hits, views, bytes
    FROM sets JOIN referrers ON referrers.raw = sets.referrer WHERE kind = 'referrer'
    UNION ALL
    SELECT day, agent_values.dimension, agent_values.value, agents.bot, hits, views, bytes
    FROM sets
    JOIN agents ON agents.id = sets.agent_id
    JOIN agent_values ON agent_values.id = sets.agent_id
    WHERE kind = 'status'
)
SELECT strftime(days.day, '%Y-%m-%d'), dimension, value, bot, sum(hits)::BIGINT,
       coalesce(sum(views), 0)::BIGINT, coalesce(sum(bytes), 0)::BIGINT
FROM folded JOIN days ON days.text = folded.day
GROUP BY days.day, dimension, value, bot
ORDER BY dimension, days.day, value, bot
"""


@dataclass
class Counts:
    lines: int
    #: (day as YYYY-MM-DD, dimension, value, bot, hits, views, bytes), in the order
    #: of the unique index of DailyCount.
    rows: list[tuple[str, str, str, bool, int, int, int]]


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


def _counted_by_wc(path: Path) -> Counted | None:
    """complete_lines of a plain file by wc, or None where it cannot count."""
    if (wc := shutil.which("wc")) is None:
        return None
    with path.open("rb") as stream:
        try:
            result = subprocess.run(
                [wc, "-lc"], stdin=stream, capture_output=True, check=True, env={"LC_ALL": "C"}
            )
            count, size = (int(field) for field in result.stdout.split())
        except (OSError, ValueError, subprocess.CalledProcessError):
            return None
        stat = os.fstat(stream.fileno())
        last = os.pread(stream.fileno(), 1, size - 1) if size else b"\n"
    state = _state(stat) if stat.st_size == size else None
    return Counted(count, last == b"\n", state)


def complete_lines(path: Path) -> Counted:
    """Lines that end in a newline, and whether the file ends with one."""
    # wc counts newlines with vector instructions, in a sixth of the processor time
    # of bytes.count, time that would be missing from DuckDB's reading beside it.
    if path.suffix != ".gz" and (counted := _counted_by_wc(path)) is not None:
        return counted
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


def _referrer_host(referrer: str) -> str:
    """The host of a referring URL, without user, port or path; "" if it has none."""
    parts = referrer.split("/")
    host = parts[2] if len(parts) > 2 else ""
    host = host.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.split(":", 1)[0]
    return host.lower()[:255]


def _reader(*, skip: int, limit: int | None, parallel: bool) -> str:
    """The lines of the file given as the query's one parameter, as a subquery."""
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items()) + "}"
    limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
    return f"""(
        SELECT * FROM read_csv(
            ?, delim = ' ', quote = '"', escape = '"', header = false,
            columns = {columns}, skip = {int(skip)}, auto_detect = false,
            ignore_errors = true, null_padding = true, strict_mode = false,
            parallel = {parallel}
        ) {limit_sql}
    )"""


def _read(connection, sql: str, source: Path, *, skip: int, limit: int | None):
    """Runs `sql` with its `{reader}` over the source's lines.

    A line with an unbalanced quote (a corrupted log) makes the quoted field run on
    into the next line, and DuckDB's parallel reader then gives up on the whole file;
    one thread reads it instead, and that line and the one its quote runs into are
    read as one garbled line.
    """
    try:
        reader = _reader(skip=skip, limit=limit, parallel=True)
        return connection.execute(sql.format(reader=reader), [str(source)])
    except duckdb.Error as error:
        if "parallel=false" not in str(error):
            raise
    reader = _reader(skip=skip, limit=limit, parallel=False)
    return connection.execute(sql.format(reader=reader), [str(source)])


def _request_parts(request: str) -> tuple[str, str]:
    """Method and path (decoded, without query string) of a request line."""
    parts = request.split(" ")
    target = parts[1] if len(parts) > 1 else ""
    # The log has the path as sent, percent-escapes and all; Django routes (and a
    # secret is recognised) only on the decoded path. PostgreSQL stores no NUL.
    return parts[0], unquote(target.split("?", 1)[0]).replace("\x00", "%00")


def _table(connection, name: str, **columns: tuple[str, list]) -> None:
    selects = ", ".join(
        f"unnest(${number}::{kind}[]) AS {column}"
        for number, (column, (kind, _)) in enumerate(columns.items(), start=1)
    )
    connection.execute(
        f"CREATE TEMP TABLE {name} AS SELECT {selects}",
        [values for _, values in columns.values()],
    )


def _seen_table(connection, name: str, *, value: str, **columns: tuple[str, list]) -> None:
    """A table `name` of the distinct values in the list of that name in `seen`, as
    column `value`, numbered in their order, and what Python made of each, in order."""
    selects = "".join(
        f", unnest(${number}::{kind}[]) AS {column}"
        for number, (column, (kind, _)) in enumerate(columns.items(), start=1)
    )
    connection.execute(
        f"CREATE TEMP TABLE {name} AS SELECT unnest({name}) AS {value}, "
        f"generate_subscripts({name}, 1) - 1 AS id{selects} FROM seen",
        [values for _, values in columns.values()],
    )


def _agent_tables(connection, agents: list[str]) -> None:
    """Tables of what each distinct agent becomes: bot or not, and its four values."""
    classes = [agent_classified(agent) for agent in agents]
    _seen_table(
        connection, "agents", value="agent", bot=("BOOLEAN", [agent.bot for agent in classes])
    )
    values = [
        (number, dimension, value[:255])
        for number, agent in enumerate(classes)
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


def _request_paths(connection, requests: list[str]) -> list[str]:
    """A table of whether each distinct request can be a page view; its paths."""
    parts = [_request_parts(request) for request in requests]
    page_get = [method == "GET" and path_is_page(path) for method, path in parts]
    _seen_table(connection, "requests", value="request", page_get=("BOOLEAN", page_get))
    return [path for _, path in parts]


def _distinct(connection, sql: str) -> list[str]:
    return [row[0] for row in connection.execute(sql).fetchall()]


def _values_tables(connection) -> None:
    """Tables of what the sets' days and referrers become."""
    texts = _distinct(connection, "SELECT DISTINCT day FROM sets")
    days = [(text, day) for text in texts if (day := _day(text)) is not None]
    _table(
        connection,
        "days",
        text=("VARCHAR", [text for text, _ in days]),
        day=("DATE", [day for _, day in days]),
    )
    referrers = _distinct(connection, "SELECT DISTINCT referrer FROM sets WHERE kind = 'referrer'")
    _table(
        connection,
        "referrers",
        raw=("VARCHAR", referrers),
        host=("VARCHAR", [_referrer_host(referrer) for referrer in referrers]),
    )


def _classifiers_load() -> None:
    parser()
    path_normalised("/")  # imports the URL configuration
    paths_normalised(["/"])  # and compiles its routes into one regex


def _connection(spill: Path):
    connection = duckdb.connect(":memory:")
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    connection.execute("SET temp_directory = ?", [str(spill)])
    # Only a read that stops at a line count needs the lines in order (see _rows).
    connection.execute("SET preserve_insertion_order = false")
    # The joins' small side is the agents and requests, which DuckDB cannot tell
    # from a file it has not read yet; left alone, it builds on the file's lines.
    connection.execute("SET disabled_optimizers = 'build_side_probe_side,join_order'")
    return connection


def _sets_sql(kinds: list[str]) -> str:
    """The query that adds these sets (kinds of SETS) to the table of sets."""
    grouped = {column for name in kinds for column in SETS[name].split(", ")}
    keys = ", ".join(
        key if key in grouped else f"NULL AS {key}"
        for key in ("bot", "request_id", "agent_id", "status", "referrer")
    )
    kind = ALL_SETS_KIND if len(kinds) == len(SETS) else f"'{kinds[0]}'"
    sets = ", ".join(f"({SETS[name]})" for name in kinds)
    return SETS_SQL.replace("{kind}", kind).replace("{keys}", keys).replace("{sets}", sets)


def _sets_count(connection, source: Path, *, skip: int, limit: int | None) -> None:
    connection.execute(SETS_TABLE_SQL)
    try:
        _read(connection, _sets_sql(list(SETS)), source, skip=skip, limit=limit)
    except duckdb.OutOfMemoryException:
        # Each set has a hash table of its own; for millions of lines (and many
        # distinct secret links) three at once may not fit the memory limit, one at
        # a time they spill to disk. That costs a read of the file per set.
        connection.execute("DELETE FROM sets")
        for kind in SETS:
            _read(connection, _sets_sql([kind]), source, skip=skip, limit=limit)


def _rows(connection, source: Path, *, skip: int, limit: int | None, helpers, loading: Future):
    """The counts of the source's lines after `skip` (and up to `limit` of them)."""
    if limit is not None:
        connection.execute("SET preserve_insertion_order = true")
    _read(connection, DISTINCT_SQL, source, skip=skip, limit=limit)
    agents, requests = connection.execute("SELECT agents, requests FROM seen").fetchone()
    loading.result()
    _agent_tables(connection, agents)
    # The second pass needs each request's id and whether it can be a view; its
    # normalised path only the folding after it, so the paths are made meanwhile.
    normalising = helpers.submit(paths_normalised, _request_paths(connection, requests))
    _sets_count(connection, source, skip=skip, limit=limit)
    _table(
        connection,
        "paths",
        id=("INTEGER", list(range(len(requests)))),
        path=("VARCHAR", normalising.result()),
    )
    _values_tables(connection)
    return connection.execute(COUNTS_SQL).fetchall()


def counts_from_file(path: Path, *, skip: int) -> Counts:
    """Counts of the complete lines after the first `skip`, without touching the
    database; `lines` says how many lines that was.

    A plain file read from its start is read whole while its lines are counted beside
    the read, and the counts are kept if that provably read exactly the counted lines:
    the file ends with a newline and its device, inode, size and modification time are
    the same before the read, when the count ended and after the read. A log is only
    ever appended to, which changes the size; any other write changes the modification
    time. Otherwise, and for a later part or a compressed file, the lines are counted
    first and exactly those are read.
    """
    with tempfile.TemporaryDirectory(prefix="traffic-ingest-") as spill_dir:
        spill = Path(spill_dir)
        # Made before the helpers start: its settings would wait for their GIL.
        connection = _connection(spill)
        # A fresh process spends a fifth of a second loading ua-parser's patterns and
        # the URL configuration, and the lines must be counted; DuckDB releases the
        # GIL while it reads, so both happen meanwhile.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="traffic") as helpers:
            loading = helpers.submit(_classifiers_load)
            counting = helpers.submit(complete_lines, path)
            try:
                if skip == 0 and path.suffix != ".gz":
                    before = _state(os.stat(path))
                    rows = _rows(
                        connection, path, skip=0, limit=None, helpers=helpers, loading=loading
                    )
                    lines, ends_complete, counted_state = counting.result()
                    if ends_complete and counted_state == before == _state(os.stat(path)):
                        return Counts(lines=lines, rows=rows)
                    connection.close()
                    connection = _connection(spill)
                    counting = helpers.submit(complete_lines, path)
                until, ends_complete, _ = counting.result()
                if until <= skip:
                    return Counts(lines=0, rows=[])
                source, skip_lines, limit = path, skip, None if ends_complete else until - skip
                if path.suffix != ".gz":  # compressed files are rotated ones: they never grow
                    source = line_range_copy(path, skip=skip, until=until, into=spill)
                    skip_lines, limit = 0, None
                rows = _rows(
                    connection,
                    source,
                    skip=skip_lines,
                    limit=limit,
                    helpers=helpers,
                    loading=loading,
                )
                return Counts(lines=until - skip, rows=rows)
            finally:
                connection.close()
