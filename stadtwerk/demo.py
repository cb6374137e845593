"""The demo data of every app, for a fresh checkout; loading twice changes nothing.

Each app loads its own part; only the project knows them all, so the composition
lives here and no app imports another app's demo.
"""

from django.db import transaction

from inquiries import demo as inquiries_demo
from portal import demo as portal_demo
from privacy import demo as privacy_demo
from traffic import demo as traffic_demo
from website import demo as website_demo

DEMO_PASSWORD = website_demo.DEMO_PASSWORD
DEMO_LOGINS = [*website_demo.DEMO_LOGINS, *inquiries_demo.DEMO_LOGINS, *traffic_demo.DEMO_LOGINS]


@transaction.atomic
def demo_data_load() -> None:
    website_demo.demo_data_load()
    inquiries_demo.demo_data_load()
    portal_demo.demo_data_load()
    traffic_demo.demo_data_load()
    privacy_demo.dpo_staff_ensure()
    privacy_demo.subject_requests_demo_load()
