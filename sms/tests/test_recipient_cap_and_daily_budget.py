"""Against SMS pumping: a daily cap per recipient number across all customers and a
global daily budget; what exceeds them is refused clearly and counted for staff."""

import pytest

from portal.tests.conftest import customer_create
from sms.selectors import sms_day_statistics, sms_left_today
from sms.services import SmsRefused, sms_day
from sms.tests.helpers import send


@pytest.fixture
def customers(db):
    return [customer_create(f"41000{n:02d}", "Kunde", f"Nr{n}", "Neustadt") for n in range(4)]


def test_one_number_gets_no_more_than_the_cap_from_all_customers(customers, settings):
    settings.SMS_RECIPIENT_DAILY_CAP = 3
    for customer in customers[:3]:
        send(customer, recipient="+4915111111111")
    with pytest.raises(SmsRefused) as refused:
        send(customers[3], recipient="+4915111111111")
    assert refused.value.reason == "recipient"
    assert "An diese Nummer wurden heute schon" in str(refused.value.message)
    send(customers[3], recipient="+4915122222222")  # another number is fine
    assert sms_left_today(customer=customers[3]) == 4


def test_the_global_budget_stops_everyone_for_the_day(customers, settings):
    settings.SMS_DAILY_BUDGET = 2
    send(customers[0])
    send(customers[1], recipient="+4915122222222")
    with pytest.raises(SmsRefused) as refused:
        send(customers[2], recipient="+4915133333333")
    assert refused.value.reason == "budget"
    assert "Tageskontingent erreicht" in str(refused.value.message)
    assert sms_left_today(customer=customers[2]) == 5


def test_staff_see_the_budget_and_the_refusals_of_the_day(customers, settings):
    settings.SMS_DAILY_BUDGET = 1
    settings.SMS_RECIPIENT_DAILY_CAP = 1
    send(customers[0])
    for recipient in ("+4915111111111", "+4915123456789"):
        with pytest.raises(SmsRefused):
            send(customers[1], recipient=recipient)
    statistics = sms_day_statistics(day=sms_day())
    assert statistics == {"budget": 1, "used": 1, "refused": {"budget": 1, "recipient": 1}}


def test_the_refusal_page_shows_the_reason(customer_client, settings):
    settings.SMS_DAILY_BUDGET = 0
    response = customer_client.post(
        "/kundencenter/sms/", {"recipient": "0151 23456789", "text": "Hallo"}
    )
    assert response.status_code == 200
    assert "Tageskontingent erreicht" in response.content.decode()


def test_the_staff_overview_shows_refusals_to_staff_with_the_permission(
    client, customers, settings, django_user_model
):
    from django.contrib.auth.models import Permission

    settings.SMS_DAILY_BUDGET = 1
    send(customers[0])
    with pytest.raises(SmsRefused):
        send(customers[1], recipient="+4915122222222")
    staff = django_user_model.objects.create_user(username="betrieb", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get("/admin/sms/tagesuebersicht/").status_code == 302  # not without it

    staff.user_permissions.add(Permission.objects.get(codename="view_smsdailycount"))
    page = client.get("/admin/sms/tagesuebersicht/").content.decode()
    assert "<td>1 / 1</td>" in page
    assert "<strong>1</strong>" in page
    assert "1 SMS wartet auf den SMS-Dienstleister." in page
