"""The SEPA direct-debit mandate text a customer accepts online, by version.

A text once shown is never changed: a new wording gets a new version, so the version
stored with a request says exactly what the customer agreed to.
"""

from django.utils.translation import gettext_lazy as _

MANDATE_TEXTS = {
    "2026-1": _(
        "Ich ermächtige die Stadtwerke, Zahlungen von meinem Konto mittels Lastschrift "
        "einzuziehen. Zugleich weise ich mein Kreditinstitut an, die von den Stadtwerken "
        "auf mein Konto gezogenen Lastschriften einzulösen. Hinweis: Ich kann innerhalb "
        "von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten "
        "Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten "
        "Bedingungen. Die Mandatsreferenz und die Gläubiger-Identifikationsnummer teilen "
        "wir Ihnen vor der ersten Abbuchung mit."
    ),
}
MANDATE_TEXT_VERSION = "2026-1"


def mandate_text(version: str = MANDATE_TEXT_VERSION) -> str:
    return str(MANDATE_TEXTS[version])
