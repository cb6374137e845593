"""A text is counted as the recipient's phone counts it: GSM-7 with 160/153 places,
the extension characters taking two, UCS-2 with 70/67 as soon as one character is
outside the GSM alphabet; the form refuses more parts than configured."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sms.encoding import GSM7, GSM7_BASIC, GSM7_EXTENSION, UCS2, sms_length
from sms.forms import SmsForm


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("a" * 160, GSM7, 160, 1),
        ("a" * 161, GSM7, 161, 2),
        ("a" * 306, GSM7, 306, 2),
        ("a" * 307, GSM7, 307, 3),
        ("a" * 459, GSM7, 459, 3),
        ("a" * 460, GSM7, 460, 4),
        ("Grüße aus Bochum, Straße 1: äöüÄÖÜß", GSM7, 35, 1),
        ("€" * 80, GSM7, 160, 1),
        ("€" * 81, GSM7, 162, 2),
        ("[]{}\\^~|" * 10, GSM7, 160, 1),
        ("ł" * 70, UCS2, 70, 1),
        ("ł" * 71, UCS2, 71, 2),
        ("ł" * 134, UCS2, 134, 2),
        ("ł" * 135, UCS2, 135, 3),
        ("a" * 69 + "ç", UCS2, 70, 1),  # ç is not GSM; Ç is
        ("😀" * 35, UCS2, 70, 1),
        ("😀" * 36, UCS2, 72, 2),
        ("", GSM7, 0, 0),
    ],
)
def test_length_edges(text, encoding, units, parts):
    length = sms_length(text)
    assert (length.encoding, length.units, length.parts) == (encoding, units, parts)


def test_an_extension_character_is_not_split_between_two_parts():
    # 152 places used in part one; "€" needs two, so it opens part two.
    length = sms_length("a" * 152 + "€" + "a" * 10)
    assert (length.units, length.parts, length.left_in_part) == (164, 2, 141)


def test_an_emoji_is_not_split_between_two_parts():
    length = sms_length("ł" * 66 + "😀" + "ł" * 10)
    assert (length.units, length.parts, length.left_in_part) == (78, 2, 55)


@given(st.text(alphabet=GSM7_BASIC + GSM7_EXTENSION, max_size=700))
def test_gsm_parts_hold_the_text_and_waste_at_most_one_place_each(text):
    length = sms_length(text)
    assert length.encoding == GSM7
    if length.units <= 160:
        assert length.parts == (1 if text else 0)
    else:
        assert length.units <= 153 * length.parts
        assert length.units > 152 * (length.parts - 1)


@given(
    st.text(min_size=1, max_size=300).filter(
        lambda t: any(c not in GSM7_BASIC + GSM7_EXTENSION for c in t)
    )
)
def test_any_character_outside_the_gsm_alphabet_makes_it_unicode(text):
    assert sms_length(text).encoding == UCS2


@pytest.mark.parametrize(
    ("max_parts", "longest_ok"),
    [(1, "a" * 160), (3, "a" * 459), (1, "ł" * 70), (3, "ł" * 201)],
)
def test_the_form_allows_exactly_the_configured_parts(settings, max_parts, longest_ok):
    settings.SMS_MAX_PARTS = max_parts
    recipient = "0151 23456789"
    assert SmsForm({"recipient": recipient, "text": longest_ok}).is_valid()
    too_long = SmsForm({"recipient": recipient, "text": longest_ok + longest_ok[0]})
    assert not too_long.is_valid()
    assert f"möglich sind höchstens {max_parts}" in too_long.errors["text"][0]


def test_a_text_of_only_spaces_is_refused():
    form = SmsForm({"recipient": "0151 23456789", "text": "   "})
    assert form.errors["text"] == ["Bitte geben Sie einen Text ein."]
