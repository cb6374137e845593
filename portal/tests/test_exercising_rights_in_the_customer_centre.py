"""'Meine Daten' lets a logged-in customer ask for a copy of their data or its erasure
(verified by the login, so nothing to confirm), lists their own requests, offers the
copy for one download, and shows the objection boxes; nobody reaches anyone else's."""

import io
import zipfile

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.timezone import localtime

from portal.tests.conftest import PASSWORD, login_create
from privacy.models import AccessPackage, SubjectRequest
from privacy.subject_requests import access_package_create, request_close, request_receive

pytestmark = pytest.mark.django_db

MY_DATA = "/kundencenter/meine-daten/"
FILE = "/kundencenter/meine-daten/antrag/"
DOWNLOAD = "/kundencenter/meine-daten/auskunft/"


def juergens_user() -> User:
    return User.objects.get(email="juergen@example.org")


def package_for(customer, user: User) -> AccessPackage:
    """A copy of the customer's data, as the DPO's staff would put it together."""
    request = request_receive(
        kind=SubjectRequest.Kind.ACCESS,
        channel=SubjectRequest.Channel.CUSTOMER_CENTRE,
        user=user,
        customer_number_of_user=customer.customer_number,
    )
    staff = User.objects.create_user(f"datenschutz-{customer.customer_number}", "", "x")
    return access_package_create(request=request, actor=staff)


@pytest.fixture
def petra(other):
    return login_create(other, "petra@example.org")


@pytest.fixture
def petras_package(other, petra):
    return package_for(other, petra)


def test_my_data_offers_the_rights_and_the_objection_boxes(juergen_client):
    page = juergen_client.get(MY_DATA).text

    assert "Ihre Rechte" in page
    assert "Kopie meiner Daten anfordern" in page
    assert "Löschung meiner Daten beantragen" in page
    assert "Online-Zugang ebenfalls löschen" in page
    assert "aufbewahren" in page
    assert "Widerspruch gegen die Nutzungsanalyse" in page
    assert "Ihre Auskunft herunterladen" not in page
    assert "Sie haben hier noch keinen Antrag gestellt." in page


def test_asking_for_a_copy_files_a_request_verified_by_the_login(juergen_client, juergen):
    response = juergen_client.post(FILE, {"kind": "access"}, follow=True)

    request = SubjectRequest.objects.get()
    assert request.kind == SubjectRequest.Kind.ACCESS
    assert request.channel == SubjectRequest.Channel.CUSTOMER_CENTRE
    assert request.user == juergens_user()
    assert request.verification == SubjectRequest.Verification.LOGIN
    assert request.status == SubjectRequest.Status.VERIFIED
    assert request.identity_verified_at is not None
    assert (request.customer_number, request.email) == ("3000001", "juergen@example.org")
    assert request.name == "Jürgen Weiß"
    assert response.redirect_chain[-1][0].startswith(MY_DATA)
    due = request.due_on.strftime("%d.%m.%Y")
    assert f"Aktenzeichen {request.reference}" in response.text
    assert f"spätestens bis {due}" in response.text
    assert "Identität bestätigt" in response.text  # listed with its status
    assert localtime(request.received_at).strftime("%d.%m.%Y") in response.text


@pytest.mark.parametrize(
    ("ticked", "removed"), [({"remove_online_access": "on"}, True), ({}, False)]
)
def test_asking_for_erasure_files_a_verified_request_with_the_access_choice(
    juergen_client, ticked, removed
):
    response = juergen_client.post(FILE, {"kind": "erasure", **ticked}, follow=True)

    request = SubjectRequest.objects.get()
    assert request.kind == SubjectRequest.Kind.ERASURE
    assert request.verification == SubjectRequest.Verification.LOGIN
    assert request.user == juergens_user()
    assert request.remove_online_access is removed
    assert (
        f"Ihr Antrag auf Löschung Ihrer Daten ist eingegangen (Aktenzeichen {request.reference})"
        in response.text
    )
    assert f"bis spätestens {request.due_on:%d.%m.%Y}" in response.text


@pytest.mark.parametrize("kind", ["access", "erasure"])
def test_a_second_open_request_of_the_same_kind_is_refused(juergen_client, kind):
    juergen_client.post(FILE, {"kind": kind})

    again = juergen_client.post(FILE, {"kind": kind}, follow=True)

    first = SubjectRequest.objects.get()
    assert "Sie haben diesen Antrag bereits gestellt" in again.text
    assert first.reference in again.text


def test_a_request_of_the_other_kind_or_after_the_answer_is_taken(juergen_client):
    juergen_client.post(FILE, {"kind": "access"})
    juergen_client.post(FILE, {"kind": "erasure"})
    first = SubjectRequest.objects.get(kind="access")
    request_close(request=first, actor=None, note="beantwortet")

    juergen_client.post(FILE, {"kind": "access"})

    assert SubjectRequest.objects.filter(kind="access").count() == 2
    assert SubjectRequest.objects.filter(kind="erasure").count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"kind": ""}, {"kind": "rectification"}, {"kind": "x" * 5000}, {"kind": "access\x00"}],
)
def test_a_forged_request_gets_a_message_and_stores_nothing(juergen_client, data):
    response = juergen_client.post(FILE, data, follow=True)

    assert response.status_code == 200
    assert "Diesen Antrag können Sie hier nicht stellen." in response.text
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize("url", [FILE, DOWNLOAD])
def test_the_buttons_take_no_get(juergen_client, url):
    assert juergen_client.get(url).status_code == 405
    assert not SubjectRequest.objects.exists()


def test_the_copy_downloads_once_and_then_a_message_follows(juergen_client, juergen):
    package = package_for(juergen, juergens_user())
    page = juergen_client.get(MY_DATA).text
    assert "Ihre Auskunft herunterladen" in page
    assert package.request.reference in page

    first = juergen_client.post(DOWNLOAD)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert first["Content-Disposition"] == (
        f'attachment; filename="auskunft-{package.request.reference}.zip"'
    )
    assert "no-store" in first["Cache-Control"]
    assert zipfile.ZipFile(io.BytesIO(first.content)).namelist()
    package.refresh_from_db()
    assert package.downloaded_at is not None

    second = juergen_client.post(DOWNLOAD, follow=True)

    assert second.status_code == 200
    assert second["Content-Type"].startswith("text/html")
    assert "bereits heruntergeladen" in second.text
    assert "Ihre Auskunft herunterladen" not in second.text


def test_another_customers_copy_is_neither_shown_nor_downloaded(juergen_client, petras_package):
    page = juergen_client.get(MY_DATA).text
    assert "Ihre Auskunft herunterladen" not in page
    assert petras_package.request.reference not in page

    response = juergen_client.post(DOWNLOAD, {"package": petras_package.pk}, follow=True)

    assert response["Content-Type"].startswith("text/html")
    assert "bereits heruntergeladen" in response.text
    assert "Petra" not in response.text
    petras_package.refresh_from_db()
    assert petras_package.downloaded_at is None


def test_another_customers_requests_are_not_listed_nor_block_ones_own(juergen_client, petra, other):
    petras = request_receive(
        kind=SubjectRequest.Kind.ACCESS,
        channel=SubjectRequest.Channel.CUSTOMER_CENTRE,
        user=petra,
        customer_number_of_user=other.customer_number,
    )

    response = juergen_client.post(FILE, {"kind": "access"}, follow=True)

    assert petras.reference not in response.text
    assert SubjectRequest.objects.filter(user=juergens_user()).count() == 1


def test_the_owner_gets_their_copy_while_another_customer_has_one_too(juergen, petras_package):
    petra = Client()
    petra.post("/kundencenter/anmelden/", {"login": "petra@example.org", "password": PASSWORD})

    response = petra.post(DOWNLOAD)

    assert response["Content-Type"] == "application/zip"


@pytest.mark.parametrize("url", [FILE, DOWNLOAD])
def test_without_a_login_the_buttons_ask_for_one(client, petras_package, url):
    before = SubjectRequest.objects.count()

    response = client.post(url, {"kind": "access"})

    assert response.status_code == 302
    assert response["Location"].startswith("/kundencenter/anmelden/?next=")
    assert SubjectRequest.objects.count() == before
    petras_package.refresh_from_db()
    assert petras_package.downloaded_at is None
