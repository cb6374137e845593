"""How long a text is on the recipient's phone: the encoding and the number of parts.

A text that fits the GSM 03.38 alphabet goes as GSM-7: 160 characters in one SMS, 153
in each part of a longer one (the rest of a part carries the header that joins them).
The extension table's characters (€, [, ], {, }, \\, ^, ~, |) take two places, an
escape and the character, and are never split across two parts. Any other character
turns the whole text into UCS-2: 70 UTF-16 units in one SMS, 67 per part; characters
outside the Basic Multilingual Plane (most emoji) take two units and stay whole too.
"""

from dataclasses import dataclass

GSM7 = "gsm7"
UCS2 = "ucs2"

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "\f^{}\\[~]|€"

#: Places in a single SMS and in each part of a concatenated one.
SINGLE = {GSM7: 160, UCS2: 70}
PER_PART = {GSM7: 153, UCS2: 67}

_BASIC = frozenset(GSM7_BASIC)
_EXTENSION = frozenset(GSM7_EXTENSION)


@dataclass(frozen=True)
class SmsLength:
    encoding: str
    #: Places the text takes: septets for GSM-7, UTF-16 units for UCS-2.
    units: int
    parts: int
    #: Places left in the last part before another part begins.
    left_in_part: int


def encoding_of(text: str) -> str:
    return GSM7 if all(c in _BASIC or c in _EXTENSION for c in text) else UCS2


def _cost(character: str, encoding: str) -> int:
    if encoding == GSM7:
        return 2 if character in _EXTENSION else 1
    return 2 if ord(character) > 0xFFFF else 1


def sms_length(text: str) -> SmsLength:
    """Encoding, size and parts of `text`, as the recipient's phone will count them."""
    encoding = encoding_of(text)
    costs = [_cost(c, encoding) for c in text]
    units = sum(costs)
    if units <= SINGLE[encoding]:
        return SmsLength(encoding, units, 1 if units else 0, SINGLE[encoding] - units)
    size = PER_PART[encoding]
    parts, used = 1, 0
    for cost in costs:
        if used + cost > size:  # a two-place character never straddles two parts
            parts, used = parts + 1, 0
        used += cost
    return SmsLength(encoding, units, parts, size - used)


def max_units(encoding: str, parts: int) -> int:
    """Places available in `parts` parts, for the form's help text."""
    return SINGLE[encoding] if parts == 1 else PER_PART[encoding] * parts
