"""Changing the login address: verified by a link to the new address; an address that
is another account's changes nothing, and only its owner hears of it, by mail."""

import re

from allauth.account.models import EmailAddress
from django.core import mail

from portal.tests.conftest import login_create


def change(client, email: str):
    return client.post("/kundencenter/e-mail/", {"email": email, "action_add": ""}, follow=True)


def test_a_new_address_counts_once_its_link_is_followed(juergen_client):
    page = change(juergen_client, "neu@example.org")
    assert "neu@example.org" in page.text
    assert "Neue Adresse, noch nicht bestätigt" in page.text
    message = mail.outbox[-1]
    assert message.to == ["neu@example.org"]
    link = re.search(r"/kundencenter/aktivieren/\S+/", message.body).group(0)

    juergen_client.post(link)
    assert EmailAddress.objects.get(email="neu@example.org").verified
    assert not EmailAddress.objects.filter(email="juergen@example.org").exists()
    assert any(m.to == ["juergen@example.org"] for m in mail.outbox)  # the old one hears


def test_another_accounts_address_is_not_taken_and_its_owner_learns_by_mail(juergen_client, other):
    owner = login_create(other, "petra@example.org")
    page = change(juergen_client, "petra@example.org")
    assert "Neue Adresse, noch nicht bestätigt" in page.text

    note = mail.outbox[-1]
    assert note.to == ["petra@example.org"]
    assert "anderen Zugangs" in note.body
    assert "/aktivieren/" not in note.body
    assert EmailAddress.objects.get(user=owner, email="petra@example.org").verified
    assert (
        not EmailAddress.objects.filter(email="petra@example.org", verified=True)
        .exclude(user=owner)
        .exists()
    )


def test_a_malformed_address_gets_a_german_error_next_to_the_field(juergen_client):
    page = change(juergen_client, "kein-at-zeichen")
    assert page.status_code == 200
    assert 'id="id_email_error"' in page.text
    assert 'value="kein-at-zeichen"' in page.text
