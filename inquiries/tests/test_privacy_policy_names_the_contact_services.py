"""What the contact services do with personal data appears, in the words of their
declarations, on the privacy policy page and in the record of processing activities."""

from privacy.registry import get_activity

TITLES = [
    "Allgemeines Kontaktformular",
    "Rückrufservice",
    "Anfragen an die Datenschutzbeauftragte",
    "Anfragen an den Gleichbehandlungsbeauftragten",
    "Lob und Tadel",
    "Störungsmeldung",
]


def test_policy_page_has_a_section_per_contact_service(client, demo):
    html = client.get("/kontakt-hilfe/datenschutz/").content.decode()

    for title in TITLES:
        assert title in html
    assert get_activity("inquiries.contact").retention.describe() in html
    assert get_activity("inquiries.callback").retention.describe() in html
    assert "30 Tage" in get_activity("inquiries.contact").retention.describe()
    assert "ausschließlich die Datenschutzbeauftragte und ihre Vertretung" in html


def test_record_of_processing_lists_them_for_the_dpo(client, demo):
    client.login(username="datenschutz", password="stadtwerk-demo")

    html = client.get("/admin/datenschutz/verarbeitungsverzeichnis/").content.decode()

    for title in TITLES:
        assert title in html
