"""The generated log that the GoAccess cross-check and the benchmark read is the same
for a seed, and has what real logs have."""

import re
from datetime import datetime
from itertools import islice

from traffic.sample_logs import sample_lines, sample_log_write

COMBINED = re.compile(
    r"^(?P<ip>\S+) - - \[(?P<time>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "
    r'"(?P<method>[A-Z]+) (?P<target>\S+) HTTP/[12]\.[01]" (?P<status>\d{3}) (?P<size>\d+|-) '
    r'"(?P<referrer>[^"]*)" "(?P<agent>[^"]*)"\n$'
)


def test_the_same_seed_gives_the_same_log_and_another_seed_another(tmp_path):
    first = sample_log_write(tmp_path / "a.log", 3000, days=3, seed=5).read_bytes()
    again = sample_log_write(tmp_path / "b.log", 3000, days=3, seed=5).read_bytes()
    other = sample_log_write(tmp_path / "c.log", 3000, days=3, seed=6).read_bytes()

    assert first == again != other
    assert first.count(b"\n") == 3000


def test_every_line_is_combined_format_with_the_variety_of_a_real_log():
    lines = [COMBINED.match(line) for line in sample_lines(20_000, days=10, seed=2)]

    assert all(lines)
    assert len({m["agent"] for m in lines}) > 300
    assert any(":" in m["ip"] for m in lines) and any("." in m["ip"] for m in lines)
    assert {"200", "302", "304", "404", "500"} <= {m["status"] for m in lines}
    assert {"GET", "POST", "HEAD"} <= {m["method"] for m in lines}
    assert any(m["size"] == "-" for m in lines)
    assert any("?" in m["target"] for m in lines)
    assert any("/kundencenter/aktivieren/" in m["target"] for m in lines)
    assert any(m["referrer"] == "-" for m in lines)
    assert any(m["referrer"].startswith("https://www.google.") for m in lines)
    assert any("\\x22" in m["agent"] for m in lines)
    assert len({m["time"][:11] for m in lines}) == 10


def test_lines_come_one_by_one_in_time_order():
    # Ten million lines at once would take minutes and gigabytes; the first few do not.
    head = list(islice(sample_lines(10_000_000, days=1, seed=3), 20_000))
    stamps = [COMBINED.match(line)["time"] for line in head]
    times = [datetime.strptime(stamp, "%d/%b/%Y:%H:%M:%S %z") for stamp in stamps]

    assert times == sorted(times)
