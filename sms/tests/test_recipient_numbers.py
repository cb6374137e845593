"""Only valid mobile numbers of allowed countries: German national format is fine,
landline, premium, service, short and foreign numbers are refused in plain German."""

import pytest
from django.core.exceptions import ValidationError

from sms.numbers import recipient_normalise


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [
        ("0151 23456789", "+4915123456789"),
        ("0151/23456789", "+4915123456789"),
        ("+49 (0)151 234 567 89", "+4915123456789"),
        ("0049 170 1234567", "+491701234567"),
        ("01761 2345678", "+4917612345678"),
    ],
)
def test_german_mobile_numbers_are_accepted(entered, normalised):
    assert recipient_normalise(entered) == normalised


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("0234 9600", "Das ist eine Festnetznummer."),
        ("+49 30 12345678", "Das ist eine Festnetznummer."),
        ("0900 1234567", "Premium- und Mehrwertdienstnummern"),
        ("0180 5123456", "Service- und Sonderrufnummern"),
        ("0800 1234567", "Service- und Sonderrufnummern"),
        ("110", "Kurzwahlnummern"),
        ("11833", "Kurzwahlnummern"),
        ("+43 664 1234567", "aus diesem Land"),
        ("+44 7400 123456", "aus diesem Land"),
        ("+882 1234 5678", "Bitte geben Sie eine Handynummer ein"),
        ("0151 2345", "Bitte geben Sie eine Handynummer ein"),
        ("meine Nummer", "Bitte geben Sie eine Handynummer ein"),
        ("+", "Bitte geben Sie eine Handynummer ein"),
    ],
)
def test_other_numbers_are_refused_with_a_reason(entered, message):
    with pytest.raises(ValidationError) as refused:
        recipient_normalise(entered)
    assert message in refused.value.messages[0]


def test_operators_may_allow_further_countries(settings):
    settings.SMS_ALLOWED_COUNTRIES = ["DE", "AT"]
    assert recipient_normalise("+43 664 1234567") == "+436641234567"
    with pytest.raises(ValidationError):
        recipient_normalise("+44 7400 123456")
