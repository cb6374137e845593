from portal.models import Customer
from sms.models import SmsMessage
from sms.services import sms_send

MOBILE = "+4915123456789"


def send(customer: Customer, recipient: str = MOBILE, text: str = "Hallo") -> SmsMessage:
    return sms_send(customer=customer, recipient=recipient, text=text, ip_address="192.0.2.1")
