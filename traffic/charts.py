"""Charts as inline SVG, drawn on the server: the admin's Content-Security-Policy
allows no chart script, and the same numbers stand in a table beside each chart.

The functions only compute geometry; the templates draw it, so every label is
escaped like any other text.
"""

from dataclasses import dataclass
from datetime import date

from traffic.selectors import Day, Ranked

BAR_HEIGHT = 16
LABEL_HEIGHT = 18
ROW_GAP = 10
BAR_AREA = 600
VALUE_WIDTH = 90
#: About as many characters as fit above a bar; the table beside has the whole label.
LABEL_CHARACTERS = 95
COLUMN_AREA_HEIGHT = 180
COLUMN_AREA_WIDTH = 720
AXIS_SPACE = 40
TOP_SPACE = 12


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    count: int
    label_y: int
    y: int
    width: float
    value_x: float
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    bar_height: int


def bar_chart(items: list[Ranked]) -> BarChart:
    """Horizontal bars, one per ranked value, longest first, each with its label
    above it, so long paths need not be cut short."""
    largest = max((item.count for item in items), default=0) or 1
    row = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    bars = []
    for index, item in enumerate(items):
        top = index * row
        width = round(max(item.count / largest * BAR_AREA, 1), 1)
        label = item.label
        if len(label) > LABEL_CHARACTERS:
            label = label[: LABEL_CHARACTERS - 1] + "…"
        bars.append(
            Bar(
                label=label,
                full_label=item.label,
                count=item.count,
                label_y=top + LABEL_HEIGHT - 5,
                y=top + LABEL_HEIGHT,
                width=width,
                value_x=width + 6,
                value_y=top + LABEL_HEIGHT + BAR_HEIGHT - 3,
            )
        )
    return BarChart(
        bars=bars,
        width=BAR_AREA + VALUE_WIDTH,
        height=max(len(items) * row - ROW_GAP, row),
        bar_height=BAR_HEIGHT,
    )


@dataclass(frozen=True)
class Column:
    day: date
    views: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True)
class GridLine:
    label: str
    y: float


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    ticks: list[Tick]
    grid: list[GridLine]
    width: int
    height: int
    left: int
    baseline: float


def _nice_maximum(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def column_chart(days: list[Day]) -> ColumnChart:
    """Page views per day as columns, with a few date ticks and a value grid."""
    left = 56
    maximum = _nice_maximum(max((day.views for day in days), default=0) or 1)
    slot = COLUMN_AREA_WIDTH / max(len(days), 1)
    baseline = TOP_SPACE + COLUMN_AREA_HEIGHT
    columns = []
    for index, day in enumerate(days):
        height = round(day.views / maximum * COLUMN_AREA_HEIGHT, 1)
        columns.append(
            Column(
                day=day.day,
                views=day.views,
                x=round(left + index * slot + slot * 0.1, 1),
                y=round(baseline - height, 1),
                width=round(max(slot * 0.8, 1), 1),
                height=height,
            )
        )
    every = max(len(days) // 6, 1)
    ticks = [
        Tick(label=day.day.strftime("%d.%m."), x=round(left + index * slot + slot / 2, 1))
        for index, day in enumerate(days)
        if index % every == 0
    ]
    grid = [
        GridLine(
            label=f"{maximum * share // 4:,}".replace(",", "."),
            y=round(baseline - COLUMN_AREA_HEIGHT * share / 4, 1),
        )
        for share in range(5)
    ]
    return ColumnChart(
        columns=columns,
        ticks=ticks,
        grid=grid,
        width=left + COLUMN_AREA_WIDTH + 8,
        height=int(baseline + AXIS_SPACE - 12),
        left=left,
        baseline=baseline,
    )
