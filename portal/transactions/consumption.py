"""What a meter's history says about consumption, and the rules built on it: whether a
new reading is plausible, and which monthly instalment fits a contract.

The expectation is deliberately simple, so a customer can follow it on the page: the
average daily consumption between the oldest and the newest billed reading, times the
days in question.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.models import Contract, Meter, MeterReading

#: A reading is implausibly high when the consumption since the last reading exceeds the
#: expected consumption by more than this factor: twice the average still covers a cold
#: winter or a new electric car, and a slip of a digit (ten times) is caught.
HIGH_READING_FACTOR = Decimal(2)
#: A few days after a reading the average is too small a yardstick; the expectation is
#: never taken over fewer days than this.
MIN_EXPECTATION_DAYS = 30
#: The instalment may be set between these factors of the expected monthly cost.
INSTALMENT_LOWER_FACTOR = Decimal("0.8")
INSTALMENT_UPPER_FACTOR = Decimal("1.5")
DAYS_PER_YEAR = 365


def _readings(meter: Meter) -> list[MeterReading]:
    return sorted(meter.readings.all(), key=lambda reading: reading.read_on)


def daily_consumption(meter: Meter) -> Decimal | None:
    """Average consumption per day over the billed history; None below two readings
    or when the history shows no consumption."""
    readings = _readings(meter)
    if len(readings) < 2:
        return None
    first, last = readings[0], readings[-1]
    days = (last.read_on - first.read_on).days
    used = last.value - first.value
    if days <= 0 or used <= 0:
        return None
    return used / days


def last_reading(meter: Meter) -> MeterReading | None:
    readings = _readings(meter)
    return readings[-1] if readings else None


class Verdict(StrEnum):
    PLAUSIBLE = "plausible"
    LOWER_THAN_LAST = "lower_than_last"
    FAR_ABOVE_EXPECTED = "far_above_expected"


@dataclass(frozen=True)
class Plausibility:
    verdict: Verdict
    last: MeterReading | None = None
    expected_consumption: Decimal | None = None

    @property
    def is_plausible(self) -> bool:
        return self.verdict == Verdict.PLAUSIBLE

    def message(self, unit: str) -> str:
        if self.verdict == Verdict.LOWER_THAN_LAST:
            return _(
                "Der Zählerstand ist niedriger als der letzte Stand vom %(date)s "
                "(%(value)s %(unit)s). Bitte prüfen Sie ihn."
            ) % {
                "date": self.last.read_on.strftime("%d.%m.%Y"),
                "value": number_format(self.last.value, 1),
                "unit": unit,
            }
        if self.verdict == Verdict.FAR_ABOVE_EXPECTED:
            return _(
                "Der Verbrauch seit dem letzten Stand vom %(date)s wäre mehr als doppelt so "
                "hoch wie erwartet (etwa %(expected)s %(unit)s). Bitte prüfen Sie den Stand."
            ) % {
                "date": self.last.read_on.strftime("%d.%m.%Y"),
                "expected": number_format(self.expected_consumption.quantize(Decimal(1)), 0),
                "unit": unit,
            }
        return ""


def reading_plausibility(*, meter: Meter, value: Decimal, read_on: date) -> Plausibility:
    """Whether `value` on `read_on` fits the meter's history (see the module's rule)."""
    last = last_reading(meter)
    if last is None:
        return Plausibility(Verdict.PLAUSIBLE)
    if value < last.value:
        return Plausibility(Verdict.LOWER_THAN_LAST, last=last)
    daily = daily_consumption(meter)
    if daily is None:
        return Plausibility(Verdict.PLAUSIBLE, last=last)
    days = max((read_on - last.read_on).days, MIN_EXPECTATION_DAYS)
    expected = daily * days
    if value - last.value > expected * HIGH_READING_FACTOR:
        return Plausibility(Verdict.FAR_ABOVE_EXPECTED, last=last, expected_consumption=expected)
    return Plausibility(Verdict.PLAUSIBLE, last=last, expected_consumption=expected)


@dataclass(frozen=True)
class InstalmentBounds:
    lower: Decimal
    upper: Decimal
    #: The monthly cost the range is built around.
    expected_monthly: Decimal
    #: Expected yearly consumption, None when the range rests on the current instalment.
    yearly_consumption: Decimal | None
    current: Decimal | None


def _current_instalment(contract: Contract, today: date) -> Decimal | None:
    valid = [i for i in contract.instalments.all() if i.valid_from <= today]
    return max(valid, key=lambda i: i.valid_from).amount if valid else None


def instalment_bounds(*, contract: Contract, today: date) -> InstalmentBounds | None:
    """The range a customer may choose for the monthly instalment of `contract`.

    The expected yearly cost is the yearly consumption (daily average of every meter of
    the contract times 365) times the unit price plus the base price; a twelfth of it,
    times the lower and upper factor, rounded outwards to whole euros. Without a
    consumption history the current instalment takes the expected cost's place; without
    that too there is no range, and the change cannot be made online.
    """
    current = _current_instalment(contract, today)
    dailies = [
        daily_consumption(meter)
        for point in contract.meter_points.all()
        for meter in point.meters.all()
    ]
    yearly_consumption = None
    if dailies and all(daily is not None for daily in dailies):
        # Rounded to whole units and cents first, so the range is the one a customer
        # gets with pencil and paper from the figures on the page.
        yearly_consumption = (sum(dailies) * DAYS_PER_YEAR).quantize(Decimal(1))
        tariff = contract.tariff
        yearly_cost = yearly_consumption * Decimal(tariff.price_per_unit) + Decimal(
            tariff.base_price_per_year
        )
        expected_monthly = (yearly_cost / 12).quantize(Decimal("0.01"))
    elif current is not None:
        expected_monthly = current
    else:
        return None
    lower = max(Decimal(math.floor(expected_monthly * INSTALMENT_LOWER_FACTOR)), Decimal(1))
    upper = Decimal(math.ceil(expected_monthly * INSTALMENT_UPPER_FACTOR))
    return InstalmentBounds(
        lower=lower,
        upper=upper,
        expected_monthly=expected_monthly.quantize(Decimal("0.01")),
        yearly_consumption=yearly_consumption,
        current=current,
    )
