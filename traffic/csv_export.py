"""The statistics of a range of days as CSV, the way German spreadsheets open it.

Semicolons separate the fields (German Excel reads a comma as the decimal sign), the
file starts with a byte-order mark so Excel takes it as UTF-8, and fields are quoted
where needed. A value that a spreadsheet would run as a formula (starting with
= + - @, a tab or a carriage return) gets a leading apostrophe: page paths and
referring domains come from requests anyone can send.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date

from django.utils.translation import pgettext

from traffic.selectors import daily_count_rows

DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows_as_csv(rows: Iterable[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # With a context: a bare "Tag" is Wagtail's English "Tag" (Schlagwort).
    header = ("Tag", "Merkmal", "Wert", "Bot", "Zugriffe", "Seitenaufrufe", "Bytes")
    writer.writerow([pgettext("CSV-Spalte der Zugriffsstatistik", name) for name in header])
    for day, dimension, value, bot, hits, views, size in rows:
        writer.writerow([day.isoformat(), dimension, cell_safe(value), int(bot), hits, views, size])
    return "\ufeff" + out.getvalue()


def statistics_csv(*, start: date, end: date) -> str:
    return rows_as_csv(daily_count_rows(start=start, end=end))
