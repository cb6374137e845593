"""The demo site's "Kontakt & Hilfe" section: every page of the spec's navigation."""

import uuid

from wagtail.models import Page, Site

from website.models import (
    ContactDirectoryPage,
    ContactEntry,
    ContentPage,
    ImpressumPage,
    ImpressumSettings,
    InquiryFormPage,
    OpeningHoursPage,
    PrivacyPolicyPage,
    SearchPage,
    SectionPage,
    SitemapPage,
)

Kind = InquiryFormPage.FormKind


def _text(*paragraphs: str) -> list[dict]:
    return [
        {"type": "paragraph", "value": f"<p>{p}</p>", "id": str(uuid.uuid4())} for p in paragraphs
    ]


def _embed(**value) -> dict:
    return {"type": "third_party", "value": value, "id": str(uuid.uuid4())}


def _section_pages() -> list[Page]:
    return [
        InquiryFormPage(
            title="Kontaktformular",
            form_kind=Kind.CONTACT,
            search_description="Schreiben Sie uns, wir leiten es an die zuständige Stelle.",
            intro="<p>Schreiben Sie uns Ihr Anliegen. Wir leiten es an die zuständige Stelle "
            "weiter und antworten Ihnen per E-Mail.</p>",
        ),
        ContactDirectoryPage(
            title="Adresse/Telefonnummern",
            search_description="Anschrift, Telefon- und Faxnummern und E-Mail-Adressen.",
            intro="<p>So erreichen Sie uns. Bei Störungen ist unsere Rufbereitschaft rund um "
            "die Uhr für Sie da.</p>",
        ),
        InquiryFormPage(
            title="Rückrufservice",
            form_kind=Kind.CALLBACK,
            search_description="Wir rufen Sie zu Ihrer Wunschzeit zurück.",
            intro="<p>Sie möchten etwas lieber am Telefon klären? Nennen Sie uns Ihre "
            "Telefonnummer und eine Wunschzeit, das Kunden-Servicecenter ruft Sie einmal "
            "zurück.</p>",
        ),
        InquiryFormPage(
            title="Lob und Tadel",
            form_kind=Kind.FEEDBACK,
            search_description="Sagen Sie uns, was gut war und was wir besser machen können.",
            intro="<p>Was hat Ihnen gefallen, was nicht? Ihre Rückmeldung hilft uns, besser "
            "zu werden.</p>",
        ),
        ContentPage(
            title="Anfahrtskizze",
            slug="anfahrtskizze",
            search_description="So finden Sie zu unserem Kundenzentrum.",
            intro="<p>Unser Kundenzentrum liegt in der Innenstadt, fünf Gehminuten vom "
            "Hauptbahnhof. Mit Bus und Bahn: Haltestelle Rathaus (Linien 302, 305, 308, 310).</p>",
            body=[
                _embed(
                    title="Karte: Anfahrt zum Kundenzentrum",
                    provider="OpenStreetMap Foundation",
                    provider_privacy_url="https://osmfoundation.org/wiki/Privacy_Policy",
                    embed_url="https://www.openstreetmap.org/export/embed.html"
                    "?bbox=7.2120%2C51.4790%2C7.2240%2C51.4850&layer=mapnik",
                    link_url="https://www.openstreetmap.org/#map=17/51.4820/7.2180",
                    data_sent="Ihre IP-Adresse, Datum und Uhrzeit, die Adresse dieser Seite "
                    "und die Kennung Ihres Browsers.",
                    height=400,
                ),
                _embed(
                    title="Staumelder: Verkehrslage in NRW",
                    provider="Autobahn GmbH des Bundes",
                    provider_privacy_url="https://www.autobahn.de/datenschutz",
                    embed_url="https://www.verkehr.nrw/",
                    link_url="https://www.verkehr.nrw/",
                    data_sent="Ihre IP-Adresse, Datum und Uhrzeit, die Adresse dieser Seite "
                    "und die Kennung Ihres Browsers.",
                    height=500,
                ),
            ],
        ),
        OpeningHoursPage(
            title="Öffnungszeiten",
            search_description="Wann das Kundenzentrum und das Servicetelefon für Sie da sind.",
            intro="<p>Zu diesen Zeiten sind wir im Kundenzentrum und am Telefon für Sie da. "
            "Störungen melden Sie rund um die Uhr.</p>",
        ),
        ContentPage(
            title="Marktkommunikation",
            slug="marktkommunikation",
            search_description="Informationen für Lieferanten und Netznutzer.",
            intro="<p>Informationen für Lieferanten, Messstellenbetreiber und Netznutzer nach "
            "den Festlegungen der Bundesnetzagentur.</p>",
            body=_text(
                "Die Marktkommunikation mit uns als Netzbetreiber erfolgt über die "
                "Formate und Prozesse der Bundesnetzagentur (GPKE, GeLi Gas, WiM). "
                'Die Festlegungen finden Sie bei der <a href="https://www.bundesnetzagentur.de/">'
                "Bundesnetzagentur</a>.",
                "Ihre Ansprechpartner für die Marktkommunikation erreichen Sie unter "
                "Adresse/Telefonnummern.",
            ),
        ),
        ContentPage(
            title="Schlichtungsstelle Energie",
            slug="schlichtungsstelle-energie",
            search_description="Außergerichtliche Streitbeilegung für Energiekunden.",
            intro="<p>Sie sind mit unserer Antwort auf eine Beschwerde nicht zufrieden? Dann "
            "können Sie die Schlichtungsstelle Energie anrufen.</p>",
            body=_text(
                "Verbraucher können sich zur Beilegung von Streitigkeiten nach § 111b EnWG an "
                "die Schlichtungsstelle Energie e. V., Friedrichstraße 133, 10117 Berlin, "
                'wenden: <a href="https://www.schlichtungsstelle-energie.de/">'
                "www.schlichtungsstelle-energie.de</a>.",
                "Voraussetzung ist, dass Sie sich zuvor an uns gewandt haben und wir Ihrer "
                "Beschwerde nicht innerhalb von vier Wochen abgeholfen haben.",
            ),
        ),
        InquiryFormPage(
            title="Datenschutzbeauftragte",
            form_kind=Kind.PRIVACY_OFFICER,
            search_description="Ihre Fragen zum Datenschutz an unsere Datenschutzbeauftragte.",
            intro="<p>Fragen zum Datenschutz, Auskunft über Ihre gespeicherten Daten: "
            "Was Sie hier schreiben, liest nur unsere Datenschutzbeauftragte.</p>",
        ),
        InquiryFormPage(
            title="Gleichbehandlungsbeauftragter",
            form_kind=Kind.EQUALITY_OFFICER,
            search_description="Hinweise an unseren Gleichbehandlungsbeauftragten.",
            intro="<p>Der Gleichbehandlungsbeauftragte achtet darauf, dass wir als "
            "Netzbetreiber alle Lieferanten gleich behandeln (§ 7a EnWG). Was Sie hier "
            "schreiben, liest nur er.</p>",
        ),
        PrivacyPolicyPage(
            title="Datenschutz",
            search_description="Welche Daten wir verarbeiten, wozu und wie lange.",
            intro="<p>Datenschutz wird bei den Stadtwerken groß geschrieben. Hier lesen Sie, "
            "welche Ihrer Daten wir verarbeiten, wozu und wie lange.</p>",
            closing="<p>Fragen zum Datenschutz beantwortet Ihnen unsere "
            "Datenschutzbeauftragte.</p>",
        ),
        SitemapPage(title="Sitemap", search_description="Alle Seiten auf einen Blick."),
        ImpressumPage(title="Impressum", search_description="Anbieterkennzeichnung nach § 5 DDG."),
        ContentPage(
            title="Hilfe",
            slug="hilfe",
            search_description="Antworten auf häufige Fragen zur Website und zum Kundencenter.",
            intro="<p>Antworten auf häufige Fragen rund um diese Website.</p>",
            body=[
                {"type": "heading", "value": "Schrift vergrößern", "id": str(uuid.uuid4())},
                *_text(
                    "Halten Sie die Strg-Taste gedrückt und drücken Sie die Plus-Taste. Auf "
                    "dem Smartphone vergrößern Sie mit zwei Fingern."
                ),
                {
                    "type": "heading",
                    "value": "Ohne Cookies und JavaScript",
                    "id": str(uuid.uuid4()),
                },
                *_text(
                    "Alle Seiten und Formulare funktionieren auch, wenn Sie Cookies und "
                    "JavaScript abgeschaltet haben. Nur für die Anmeldung im Kundencenter ist "
                    "ein Cookie nötig."
                ),
                {"type": "heading", "value": "Zählerstand mitteilen", "id": str(uuid.uuid4())},
                *_text(
                    "Ihren Zählerstand teilen Sie uns im Online-Kundencenter oder über das "
                    "Kontaktformular mit."
                ),
            ],
        ),
        SearchPage(title="Suche", search_description="Durchsuchen Sie alle Seiten."),
        InquiryFormPage(
            title="Störungsmeldung",
            form_kind=Kind.OUTAGE,
            search_description="Störung bei Strom, Gas, Wasser oder Fernwärme melden.",
            intro="<p>Bei Gasgeruch verlassen Sie sofort das Gebäude und rufen Sie von "
            "draußen unsere Rufbereitschaft an. Alle anderen Störungen können Sie hier "
            "melden.</p>",
        ),
    ]


CONTACT_ENTRIES = [
    {
        "name": "Kundenzentrum",
        "street": "Ostring 28",
        "postcode": "44787",
        "city": "Bochum",
        "phone": "0234 960-0",
        "fax": "0234 960-3009",
        "email": "info@stadtwerke.example",
    },
    {
        "name": "Kunden-Servicecenter (Telefon)",
        "phone": "0800 9603737",
        "note": "Kostenlos aus allen deutschen Netzen.",
    },
    {
        "name": "Störungsannahme Strom, Gas, Wasser, Fernwärme (rund um die Uhr)",
        "phone": "0234 960-1111",
        "note": "Bei Gasgeruch: Gebäude verlassen und von draußen anrufen.",
    },
    {
        "name": "Datenschutzbeauftragte",
        "street": "Ostring 28",
        "postcode": "44787",
        "city": "Bochum",
        "email": "datenschutz@stadtwerke.example",
    },
]

IMPRESSUM = {
    "company": "Stadtwerke Bochum GmbH",
    "legal_form_note": "Gesellschaft mit beschränkter Haftung",
    "street": "Ostring 28",
    "postcode": "44787",
    "city": "Bochum",
    "phone": "0234 960-0",
    "email": "info@stadtwerke.example",
    "managing_directors": "Dr. Anna Beispiel, Markus Muster",
    "supervisory_board_chair": "Erika Mustermann",
    "register_court": "Amtsgericht Bochum",
    "register_number": "HRB 1234",
    "vat_id": "DE123456789",
    "regulator": "Bundesnetzagentur, Tulpenfeld 4, 53113 Bonn",
    "content_responsible": "Dr. Anna Beispiel, Ostring 28, 44787 Bochum",
    "dpo_name": "Petra Harder",
    "dpo_email": "datenschutz@stadtwerke.example",
    "dpo_phone": "0234 960-2222",
    "dpo_address": "Stadtwerke Bochum GmbH, Datenschutzbeauftragte, Ostring 28, 44787 Bochum",
}


def section_ensure(home: Page) -> SectionPage:
    """The "Kontakt & Hilfe" section with each page of its navigation, once."""
    section = SectionPage.objects.child_of(home).first()
    if section is None:
        section = home.add_child(
            instance=SectionPage(
                title="Kontakt & Hilfe",
                slug="kontakt-hilfe",
                show_in_menus=True,
                intro="<p>Hier erreichen Sie uns: per Formular, am Telefon oder vor Ort. "
                "Und hier finden Sie, was mit Ihren Daten geschieht.</p>",
            )
        )
    existing = set(section.get_children().values_list("slug", flat=True))
    for page in _section_pages():
        page.show_in_menus = True
        if not page.slug:
            page.slug = getattr(page, "fixed_slug", "") or _form_slug(page)
        if page.slug in existing:
            continue
        section.add_child(instance=page)
        if isinstance(page, ContactDirectoryPage):
            for order, entry in enumerate(CONTACT_ENTRIES):
                ContactEntry.objects.create(page=page, sort_order=order, **entry)
        # A first revision, so the editors' history starts with the demo content.
        page.save_revision().publish()
    return section


def _form_slug(page: Page) -> str:
    from website.models import FORM_KIND_SLUGS

    return FORM_KIND_SLUGS[page.form_kind]


def impressum_ensure() -> None:
    site = Site.objects.get(is_default_site=True)
    if not ImpressumSettings.objects.filter(site=site).exists():
        ImpressumSettings.objects.create(site=site, **IMPRESSUM)
