"""Which recipient numbers free SMS may go to: valid mobile numbers of allowed countries.

Landline, premium-rate, shared-cost and short numbers are refused: the first cannot
receive an SMS, the others are how SMS-pumping fraud earns money.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType, shortnumberinfo

from sms import conf

REFUSED_TYPES = {
    PhoneNumberType.FIXED_LINE: _(
        "Das ist eine Festnetznummer. Kostenlose SMS können nur an Handynummern gehen."
    ),
    PhoneNumberType.PREMIUM_RATE: _("An Premium- und Mehrwertdienstnummern senden wir keine SMS."),
    PhoneNumberType.SHARED_COST: _("An Service- und Sonderrufnummern senden wir keine SMS."),
    PhoneNumberType.TOLL_FREE: _("An Service- und Sonderrufnummern senden wir keine SMS."),
}
NOT_A_MOBILE = _("Bitte geben Sie eine Handynummer ein, zum Beispiel 0151 23456789.")


def recipient_normalise(value: str) -> str:
    """The number in E.164 form (+4915123456789), or a ValidationError in German."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        raise ValidationError(NOT_A_MOBILE, code="invalid") from None
    if shortnumberinfo.is_valid_short_number(number) and not phonenumbers.is_valid_number(number):
        raise ValidationError(_("An Kurzwahlnummern senden wir keine SMS."), code="short_number")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(NOT_A_MOBILE, code="invalid")
    if phonenumbers.region_code_for_number(number) not in conf.allowed_countries():
        raise ValidationError(
            _("An Handynummern aus diesem Land können wir keine kostenlosen SMS senden."),
            code="country",
        )
    kind = phonenumbers.number_type(number)
    if kind in REFUSED_TYPES:
        raise ValidationError(REFUSED_TYPES[kind], code="number_type")
    if kind != PhoneNumberType.MOBILE:
        raise ValidationError(NOT_A_MOBILE, code="number_type")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
