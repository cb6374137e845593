"""Phone numbers as people write them, turned into links a phone can dial."""

import phonenumbers


def phone_uri(number: str, region: str = "DE") -> str | None:
    """``tel:`` URI in international format (RFC 3966), or None if it is not a number."""
    if not number:
        return None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966)
