"""StreamField blocks for editors: text, headings and third-party services behind a click."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


def https_only(value: str) -> None:
    if urlsplit(value).scheme != "https":
        raise ValidationError(_("Eingebettete Dienste werden nur über HTTPS geladen."))


class ThirdPartyEmbedBlock(blocks.StructBlock):
    """A third party's service (map, traffic report) that loads only after a click.

    Until the visitor clicks, the page shows what would be sent to whom; the click
    reloads the page with the service in an iframe, and only that response allows the
    provider's origin in its Content-Security-Policy.
    """

    title = blocks.CharBlock(
        label=_("Titel"), help_text=_("z. B. „Karte: Anfahrt zum Kundenzentrum“")
    )
    provider = blocks.CharBlock(
        label=_("Anbieter"), help_text=_("z. B. „OpenStreetMap Foundation“")
    )
    provider_privacy_url = blocks.URLBlock(label=_("Datenschutzerklärung des Anbieters"))
    embed_url = blocks.URLBlock(
        label=_("Adresse des eingebetteten Inhalts"), validators=[https_only]
    )
    link_url = blocks.URLBlock(
        label=_("Direkter Link zum Angebot"), required=False, validators=[https_only]
    )
    data_sent = blocks.TextBlock(
        label=_("Was übermittelt wird"),
        default=_(
            "Ihre IP-Adresse, Datum und Uhrzeit, die Adresse dieser Seite und die Kennung "
            "Ihres Browsers."
        ),
    )
    height = blocks.IntegerBlock(
        label=_("Höhe in Pixeln"), default=400, min_value=150, max_value=900
    )

    class Meta:
        icon = "site"
        label = _("Dienst eines Dritten (Zwei-Klick)")
        template = "website/blocks/third_party_embed.html"

    def origin(self, value) -> str:
        url = urlsplit(value["embed_url"])
        return f"{url.scheme}://{url.netloc}"


class ContentBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Zwischenüberschrift"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    third_party = ThirdPartyEmbedBlock()
