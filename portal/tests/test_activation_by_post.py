"""Activation by post: the customer or staff choose a letter, staff print the batch as
one PDF, the code in it works once and expires; requests for letters and guesses of
codes are limited."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from portal.models import ActivationLetter, ActivationLetterBatch
from portal.tests.conftest import PASSWORD, customer_create
from portal.tests.test_registration_and_activation import register

pytestmark = pytest.mark.django_db

ADMIN = "/admin/kundencenter/aktivierungsbriefe/"
CODE_PAGE = "/kundencenter/aktivieren/code/"
LETTER_REQUEST = "/kundencenter/aktivieren/neuer-brief/"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


@pytest.fixture
def letter_staff(django_user_model):
    user = django_user_model.objects.create_user(username="poststelle", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="print_activation_letters"),
    )
    return user


def registered_by_post(client, callbacks, email="neu@example.org"):
    register(client, callbacks, email=email, activation_by="post")


def print_batch(client, staff) -> str:
    """Print the pending letters as staff; the PDF's text."""
    client.force_login(staff)
    response = client.post(ADMIN, {"action": "print"})
    client.logout()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_letter_registration_sends_no_mail_and_queues_a_letter(
    client, juergen, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert ActivationLetter.objects.get().customer == juergen
    assert not EmailAddress.objects.get(email="neu@example.org").verified


def test_the_printed_batch_holds_address_code_and_link_and_records_the_print(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)

    text = print_batch(client, letter_staff)

    assert "Jürgen Weiß" in text
    assert "Hauptstraße 1" in text
    assert "12345 Lüdenscheid" in text
    assert "3000001" in text
    code = CODE.search(text).group(0)
    assert f"/kundencenter/aktivieren/code/?code={code}" in text.replace("\n", "")
    batch = ActivationLetterBatch.objects.get()
    assert batch.printed_by == letter_staff
    assert list(batch.letters.all()) == [ActivationLetter.objects.get()]
    client.force_login(letter_staff)
    assert "0 Briefe warten" in client.get(ADMIN).text


def test_the_code_activates_once_then_login_succeeds(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)
    code = CODE.search(print_batch(client, letter_staff)).group(0)

    prefilled = client.get(CODE_PAGE, {"code": code})
    assert f'value="{code}"' in prefilled.text
    assert not EmailAddress.objects.get(email="neu@example.org").verified

    done = client.post(CODE_PAGE, {"code": code.lower().replace("-", " ")})
    assert "Ihr Zugang ist aktiviert" in done.text
    assert EmailAddress.objects.get(email="neu@example.org").verified

    again = client.post(CODE_PAGE, {"code": code})
    assert "Dieser Code gilt nicht" in again.text
    assert LETTER_REQUEST in again.text

    logged_in = client.post(
        "/kundencenter/anmelden/", {"login": "neu@example.org", "password": PASSWORD}
    )
    assert logged_in["Location"] == "/kundencenter/"


def test_a_wrong_code_gets_the_same_clear_page(client, juergen):
    for wrong in ["ABCD-EFGH-JKLM", "kurz"]:
        page = client.post(CODE_PAGE, {"code": wrong})
        assert page.status_code == 200
        assert "Dieser Code gilt nicht" in page.text
        assert LETTER_REQUEST in page.text


def test_an_expired_code_no_longer_activates(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)
    code = CODE.search(print_batch(client, letter_staff)).group(0)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        page = client.post(CODE_PAGE, {"code": code})

    assert "Dieser Code gilt nicht" in page.text
    assert not EmailAddress.objects.get(email="neu@example.org").verified


def test_guessing_codes_is_stopped_even_for_the_right_one(
    client, juergen, letter_staff, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_ACTIVATION_CODE_ATTEMPTS_PER_HOUR = 5
    registered_by_post(client, django_capture_on_commit_callbacks)
    code = CODE.search(print_batch(client, letter_staff)).group(0)

    wrong = [client.post(CODE_PAGE, {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code for _ in range(5)]
    blocked = client.post(CODE_PAGE, {"code": code})

    assert wrong == [200] * 5
    assert blocked.status_code == 429
    assert "Zu viele Versuche" in blocked.text
    assert not EmailAddress.objects.get(email="neu@example.org").verified


def test_asking_for_a_letter_answers_the_same_and_keeps_a_cooldown(
    client, juergen, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_LETTER_COOLDOWN_DAYS = 7
    register(client, django_capture_on_commit_callbacks)  # by e-mail, not activated

    known = client.post(LETTER_REQUEST, {"email": "neu@example.org"})
    unknown = client.post(LETTER_REQUEST, {"email": "nie@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert ActivationLetter.objects.count() == 1

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        client.post(LETTER_REQUEST, {"email": "neu@example.org"})
    assert ActivationLetter.objects.count() == 1

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        client.post(LETTER_REQUEST, {"email": "neu@example.org"})
    assert ActivationLetter.objects.count() == 2


def test_the_daily_budget_caps_letters_for_everyone(
    client, juergen, other, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_LETTER_DAILY_BUDGET = 1
    registered_by_post(client, django_capture_on_commit_callbacks, email="a@example.org")
    register(
        client,
        django_capture_on_commit_callbacks,
        customer_number="3000002",
        name="Klein",
        town="Neudorf",
        email="b@example.org",
        activation_by="post",
    )

    assert [letter.customer for letter in ActivationLetter.objects.all()] == [juergen]


def test_staff_without_the_permission_cannot_see_or_print(
    client, juergen, django_user_model, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)
    editor = django_user_model.objects.create_user(username="redaktion", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    listing = client.get(ADMIN)
    printing = client.post(ADMIN, {"action": "print"})

    assert listing.status_code == printing.status_code == 302
    assert "application/pdf" not in printing.get("Content-Type", "")
    assert not ActivationLetterBatch.objects.exists()


def test_staff_can_force_a_letter_beyond_the_cooldown(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)  # by e-mail
    client.post(LETTER_REQUEST, {"email": "neu@example.org"})
    client.force_login(letter_staff)

    forced = client.post(ADMIN, {"action": "force", "customer_number": "3000001"})
    unknown = client.post(ADMIN, {"action": "force", "customer_number": "3999999"})

    assert forced.status_code == 302
    assert ActivationLetter.objects.filter(customer=juergen).count() == 2
    assert "keinen Zugang, der auf Aktivierung wartet" in unknown.text
    listing = client.get(ADMIN).text
    assert "2 Briefe warten auf den Druck" in listing
    assert "Jürgen Weiß" in listing


def test_printing_with_nothing_pending_makes_no_batch(client, letter_staff, db):
    customer_create("3000009", "Ida", "Ohnebrief", "Neudorf")
    client.force_login(letter_staff)

    response = client.post(ADMIN, {"action": "print"})

    assert response.status_code == 302
    assert not ActivationLetterBatch.objects.exists()


def test_a_printed_code_does_not_activate_a_later_registration(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks, email="erst@example.org")
    code = CODE.search(print_batch(client, letter_staff)).group(0)
    register(client, django_capture_on_commit_callbacks, email="spaeter@example.org")

    page = client.post(CODE_PAGE, {"code": code})

    assert "Dieser Code gilt nicht" in page.text
    assert not EmailAddress.objects.get(email="spaeter@example.org").verified


def test_the_address_sits_in_the_window_of_a_din_5008_form_b_letter(
    client, juergen, letter_staff, django_capture_on_commit_callbacks
):
    registered_by_post(client, django_capture_on_commit_callbacks)
    client.force_login(letter_staff)
    pdf = PdfReader(io.BytesIO(client.post(ADMIN, {"action": "print"}).content))
    page = pdf.pages[0]
    placed = {}

    def remember(text, cm, tm, font, size):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        placed[text.strip()] = (x / 72 * 25.4, 297 - y / 72 * 25.4)  # mm from top left

    page.extract_text(visitor_text=remember)

    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    return_line = "Stadtwerke Bochum GmbH · Ostring 28 · 44787 Bochum"
    assert 45 <= placed[return_line][1] < 62.7
    assert placed[return_line][0] == pytest.approx(25, abs=0.5)
    for line in ["Jürgen Weiß", "Hauptstraße 1", "12345 Lüdenscheid"]:
        left, top = placed[line]
        # Inside the window (20 to 105 mm), on the 25 mm line the letter's body keeps.
        assert left == pytest.approx(25, abs=0.5)
        assert 62.7 < top < 90
