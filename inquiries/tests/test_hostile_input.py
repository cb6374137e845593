"""Whatever is typed into a text field: never a server error, always either a clear
error next to the field or exactly that text in the staff view (escaped, not run)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from inquiries.models import Inquiry
from inquiries.tests.conftest import CONTACT, submit, topic_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}{% debug %}",
    "Robert'); DROP TABLE inquiries_inquiry;--",
    "nul\x00byte",
    "bell\x07",
    "rechts\u202enach links",
    "Ünïcödé Ελληνικά Кириллица العربية 中文 👩‍👩‍👧",
    "\ufeffBOM",
    "a" * 6000,
    "   ",
    "line\r\nbreak",
]

text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=80
    ),
    st.text(alphabet="aÄ<>&\"'\n\r\t ", max_size=5100),
)

FIELDS = [
    ("contact", "name"),
    ("contact", "concern"),
    ("contact", "email"),
    ("callback", "name"),
    ("privacy_officer", "concern"),
    ("equality_officer", "name"),
    ("feedback", "concern"),
    ("outage", "location"),
    ("outage", "concern"),
]
STAFF_OF = {
    "contact": "kundenservice",
    "callback": "kundenservice",
    "privacy_officer": "datenschutz",
    "equality_officer": "gleichbehandlung",
    "feedback": "qualitaet",
    "outage": "netz",
}


def _valid(kind):
    if kind == "contact":
        return {**CONTACT, "topic": topic_id("contact", "Sonstiges")}
    if kind == "callback":
        return {
            "name": "Max",
            "phone": "0511 1234567",
            "topic": topic_id("callback", "Sonstiges"),
            "preferred_date": "2026-06-15",
            "preferred_from": "14:00",
            "preferred_until": "15:00",
        }
    if kind == "feedback":
        return {**CONTACT, "feedback_type": "criticism"}
    if kind == "outage":
        return {"topic": topic_id("outage", "Gas"), "location": "Markt 1", "concern": "Geruch"}
    if kind == "privacy_officer":
        return {**CONTACT, "matter": "question"}
    return dict(CONTACT)


def _shown(page: str, field: str) -> str:
    tree = lxml_html.fromstring(page)
    [element] = tree.xpath(f'//*[@data-field="{field}"]')
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return element.text_content()


def _expected(typed: str, field: str) -> str:
    value = typed.strip()
    if field == "concern":
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


@pytest.mark.parametrize(("kind", "field"), FIELDS)
def test_text_is_refused_clearly_or_shown_to_staff_exactly(
    client, routing, staff, clock, django_settings, kind, field
):
    django_settings.INQUIRIES_RATE_LIMIT = (10**6, 60)
    unit_member = staff[STAFF_OF[kind]]
    shown = []

    @settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(typed=st.one_of(text, st.emails()) if field == "email" else text)
    def check(typed):
        Inquiry.objects.all().delete()
        client.logout()
        response = submit(client, kind, {**_valid(kind), field: typed})

        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert f'id="id_{field}_error"' in response.content.decode()
            assert not Inquiry.objects.exists()
            return
        inquiry = Inquiry.objects.get()
        client.force_login(unit_member)
        page = client.get(f"/admin/anliegen/vorgang/{inquiry.reference}/")
        assert page.status_code == 200
        assert _shown(page.content.decode(), field) == _expected(typed, field)
        shown.append(typed)
        assert "<script>alert" not in page.content.decode()

    check()
    assert shown, "no example reached the staff view"


@pytest.fixture
def django_settings(settings):
    return settings
