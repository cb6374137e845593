"""`manage.py check` tells operators about a gateway that cannot work or is unsafe."""

from sms.checks import check_backend_imports, check_http_gateway


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_a_backend_that_does_not_import_is_an_error(settings):
    settings.SMS_BACKEND = "sms.backends.pigeon.SmsBackend"
    assert ids(check_backend_imports()) == ["sms.E001"]
    settings.SMS_BACKEND = "sms.backends.locmem.outbox"
    assert ids(check_backend_imports()) == ["sms.E001"]
    settings.SMS_BACKEND = "sms.backends.http.SmsBackend"
    assert check_backend_imports() == []


def test_production_wants_the_http_gateway_over_verified_tls(settings):
    settings.SMS_BACKEND = "sms.backends.file.SmsBackend"
    assert ids(check_http_gateway()) == ["sms.W001"]
    settings.SMS_BACKEND = "sms.backends.http.SmsBackend"
    settings.SMS_HTTP_URL = "http://gateway.example/sms"
    settings.SMS_HTTP_VERIFY = False
    assert ids(check_http_gateway()) == ["sms.W002", "sms.W003"]
    settings.SMS_HTTP_URL = "https://gateway.example/sms"
    settings.SMS_HTTP_VERIFY = True
    assert check_http_gateway() == []
