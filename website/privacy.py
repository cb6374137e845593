from django.utils.translation import gettext_lazy as _

from privacy.registry import not_personal

not_personal(
    model="website.contactentry",
    fields=["name", "street", "postcode", "city", "phone", "fax", "email"],
    reason=_("Öffentliche Anschriften und Rufnummern der Stellen des Versorgers"),
)
not_personal(
    model="website.impressumsettings",
    fields=[
        "company",
        "street",
        "postcode",
        "city",
        "phone",
        "email",
        "managing_directors",
        "supervisory_board_chair",
        "content_responsible",
        "dpo_name",
        "dpo_email",
        "dpo_phone",
        "dpo_address",
    ],
    reason=_(
        "Pflichtangaben, die § 5 DDG und Art. 13 DSGVO zu veröffentlichen verlangen; "
        "Personen werden in ihrer Funktion genannt"
    ),
)
