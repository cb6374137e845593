"""Page types of the public website and the site-wide Impressum settings.

The "Kontakt & Hilfe" section has a fixed set of pages at stable German URLs (see
DESIGN.md). Editors change their content, never their addresses: published pages keep
their slug (``StableSlugMixin``), and the fixed pages exist once each (``max_count``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.blocks import ContentBlock


class StableSlugMixin:
    """A published page keeps its URL: links, bookmarks and printed letters point to it."""

    def clean(self):
        super().clean()
        if self.pk and self.first_published_at:
            published_slug = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True)
            if published_slug and published_slug[0] != self.slug:
                raise ValidationError(
                    {
                        "slug": _(
                            "Die Adresse einer veröffentlichten Seite bleibt fest, damit Links "
                            "und Lesezeichen weiter funktionieren. Bisher: „%(slug)s“."
                        )
                        % {"slug": published_slug[0]}
                    }
                )


class FixedSlugMixin(StableSlugMixin):
    """A page of the section's navigation lives at the one address DESIGN.md gives it."""

    fixed_slug: str = ""
    max_count = 1

    def clean(self):
        if self.fixed_slug and self.slug != self.fixed_slug:
            raise ValidationError(
                {
                    "slug": _("Diese Seite hat die feste Adresse „%(slug)s“.")
                    % {"slug": self.fixed_slug}
                }
            )
        super().clean()

    def full_clean(self, *args, **kwargs):
        # Wagtail fills an empty slug from the title before validating; a fixed page
        # starts from its own address instead.
        if not self.slug and self.fixed_slug:
            self.slug = self.fixed_slug
        super().full_clean(*args, **kwargs)


class ThirdPartyEmbedsMixin:
    """Serves a page whose ``body`` may hold third-party services behind a click.

    ``?extern=<block id>`` is the click: only then is the service rendered, and only that
    response lets the browser frame the provider's origin.
    """

    embed_parameter = "extern"

    def activated_embed(self, request):
        wanted = request.GET.get(self.embed_parameter)
        if not wanted:
            return None
        for child in self.body:
            if child.block_type == "third_party" and child.id == wanted:
                return child
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        embed = self.activated_embed(request)
        context["activated_embed_id"] = embed.id if embed else None
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if embed := self.activated_embed(request):
            policy = dict(settings.SECURE_CSP)
            policy["frame-src"] = [
                *policy.get("frame-src", [CSP.SELF]),
                embed.block.origin(embed.value),
            ]
            response._csp_config = policy
        return response


class HomePage(ThirdPartyEmbedsMixin, StableSlugMixin, Page):
    """The start page of the utility's website."""

    intro = RichTextField(_("Einleitung"), blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["website.SectionPage", "website.ContentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        from website.navigation import navigation_for

        context = super().get_context(request, *args, **kwargs)
        section = SectionPage.objects.child_of(self).live().first()
        context["section_nav"] = navigation_for(section, request) if section else None
        return context

    def route(self, request, path_components):
        """Finds the page for a path in one query instead of one per path segment."""
        if path_components:
            candidates = [
                self.url_path + "/".join(path_components[:length]) + "/"
                for length in range(len(path_components), 0, -1)
            ]
            deepest = (
                Page.objects.live()
                .descendant_of(self)
                .filter(url_path__in=candidates)
                .order_by("-depth")
                .first()
            )
            if deepest is not None:
                remaining = path_components[deepest.depth - self.depth :]
                return deepest.specific.route(request, remaining)
        return super().route(request, path_components)


class SectionPage(FixedSlugMixin, Page):
    """ "Kontakt & Hilfe": the index of the section, its pages are its navigation."""

    fixed_slug = "kontakt-hilfe"
    template = "website/section_index.html"
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = [
        "website.ContentPage",
        "website.ContactDirectoryPage",
        "website.OpeningHoursPage",
        "website.InquiryFormPage",
        "website.PrivacyPolicyPage",
        "website.ImpressumPage",
        "website.SitemapPage",
        "website.SearchPage",
    ]

    class Meta:
        verbose_name = _("Bereich „Kontakt & Hilfe“")


class ContentPage(ThirdPartyEmbedsMixin, StableSlugMixin, Page):
    """A page of text, headings, contact boxes and (two-click) embedded services."""

    intro = RichTextField(_("Einleitung"), blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["website.HomePage", "website.SectionPage", "website.ContentPage"]

    class Meta:
        verbose_name = _("Inhaltsseite")


class ContactDirectoryPage(FixedSlugMixin, Page):
    """Adresse/Telefonnummern: the utility's contact entries as structured data."""

    fixed_slug = "adresse-telefonnummern"
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("entries", label=_("Kontakteinträge"), min_num=1),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields("entries", [index.SearchField("name"), index.SearchField("note")]),
    ]
    parent_page_types = ["website.SectionPage"]

    class Meta:
        verbose_name = _("Adressen und Telefonnummern")


class ContactEntry(Orderable):
    page = ParentalKey(ContactDirectoryPage, related_name="entries", on_delete=models.CASCADE)
    name = models.CharField(_("Bezeichnung"), max_length=120)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True)
    city = models.CharField(_("Ort"), max_length=80, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    fax = models.CharField(_("Fax"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")],
            heading=_("Anschrift"),
        ),
        FieldPanel("phone"),
        FieldPanel("fax"),
        FieldPanel("email"),
        FieldPanel("note"),
    ]

    def clean(self):
        from website.phone import phone_uri

        errors = {}
        for field in ("phone", "fax"):
            value = getattr(self, field)
            if value and phone_uri(value) is None:
                errors[field] = _("Bitte eine gültige Telefonnummer angeben, z. B. 0234 960-0.")
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 5):
            errors["postcode"] = _("Eine Postleitzahl hat fünf Ziffern.")
        if errors:
            raise ValidationError(errors)

    @property
    def phone_uri(self) -> str | None:
        from website.phone import phone_uri

        return phone_uri(self.phone)

    @property
    def fax_uri(self) -> str | None:
        from website.phone import phone_uri

        return phone_uri(self.fax)

    class Meta(Orderable.Meta):
        verbose_name = _("Kontakteintrag")
        verbose_name_plural = _("Kontakteinträge")


class OpeningHoursPage(ThirdPartyEmbedsMixin, FixedSlugMixin, Page):
    """Öffnungszeiten: the customer service centre's hours, kept in ``inquiries``."""

    fixed_slug = "oeffnungszeiten"
    intro = RichTextField(_("Einleitung"), blank=True)
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("Weitere Hinweise"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["website.SectionPage"]

    class Meta:
        verbose_name = _("Öffnungszeiten")

    def get_context(self, request, *args, **kwargs):
        from inquiries.opening_hours import opening_hours_week, special_days_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["opening_week"] = opening_hours_week()
        context["special_days"] = special_days_upcoming()
        return context


class InquiryFormPage(StableSlugMixin, Page):
    """A page of the section whose form comes from the ``inquiries`` app."""

    class FormKind(models.TextChoices):
        CONTACT = "contact", _("Kontaktformular")
        CALLBACK = "callback", _("Rückrufservice")
        PRIVACY_OFFICER = "privacy_officer", _("Datenschutzbeauftragte")
        EQUALITY_OFFICER = "equality_officer", _("Gleichbehandlungsbeauftragter")
        FEEDBACK = "feedback", _("Lob und Tadel")
        OUTAGE = "outage", _("Störungsmeldung")

    form_kind = models.CharField(
        _("Formular"), max_length=20, choices=FormKind.choices, unique=True
    )
    intro = RichTextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("form_kind"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["website.SectionPage"]

    class Meta:
        verbose_name = _("Formularseite")

    def clean(self):
        super().clean()
        expected = FORM_KIND_SLUGS.get(self.form_kind)
        if expected and self.slug != expected:
            raise ValidationError(
                {"slug": _("Diese Seite hat die feste Adresse „%(slug)s“.") % {"slug": expected}}
            )

    def full_clean(self, *args, **kwargs):
        if not self.slug and self.form_kind in FORM_KIND_SLUGS:
            self.slug = FORM_KIND_SLUGS[self.form_kind]
        super().full_clean(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        from inquiries.views import inquiry_page

        return inquiry_page(request, self)


FORM_KIND_SLUGS = {
    InquiryFormPage.FormKind.CONTACT: "kontaktformular",
    InquiryFormPage.FormKind.CALLBACK: "rueckrufservice",
    InquiryFormPage.FormKind.PRIVACY_OFFICER: "datenschutzbeauftragte",
    InquiryFormPage.FormKind.EQUALITY_OFFICER: "gleichbehandlungsbeauftragter",
    InquiryFormPage.FormKind.FEEDBACK: "lob-und-tadel",
    InquiryFormPage.FormKind.OUTAGE: "stoerungsmeldung",
}


class PrivacyPolicyPage(FixedSlugMixin, RoutablePageMixin, Page):
    """Datenschutz: the current privacy policy and its earlier versions.

    Visitors read published versions, frozen as they were published; the intro and
    closing edited here go into the next version an editor publishes.
    """

    fixed_slug = "datenschutz"
    intro = RichTextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Erscheint erst mit der nächsten veröffentlichten Version."),
    )
    closing = RichTextField(
        _("Schlussbemerkung"),
        blank=True,
        help_text=_("Erscheint erst mit der nächsten veröffentlichten Version."),
    )
    supervisory_authority = models.TextField(
        _("Zuständige Datenschutz-Aufsichtsbehörde"),
        default=(
            "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen\n"
            "Kavalleriestraße 2–4\n40213 Düsseldorf"
        ),
        help_text=_("Name und Anschrift, für das Beschwerderecht nach Art. 77 DSGVO."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("closing"),
        FieldPanel("supervisory_authority"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("closing")]
    parent_page_types = ["website.SectionPage"]

    class Meta:
        verbose_name = _("Datenschutzerklärung")

    @path("")
    def current_version(self, request):
        from website.policy_views import policy_current

        return policy_current(request, self)

    @path("versionen/")
    def version_list(self, request):
        from website.policy_views import policy_version_list

        return policy_version_list(request, self)

    @re_path(r"^versionen/(?P<number>[0-9]+(?:\.[0-9]+)*)/$")
    def version_detail(self, request, number):
        from website.policy_views import policy_version_detail

        return policy_version_detail(request, self, number)


class ImpressumPage(FixedSlugMixin, Page):
    """Impressum (§ 5 DDG), rendered from the site-wide ``ImpressumSettings``."""

    fixed_slug = "impressum"
    body = RichTextField(_("Weitere Angaben"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["website.SectionPage"]

    class Meta:
        verbose_name = _("Impressum")

    def get_context(self, request, *args, **kwargs):
        from website.phone import phone_uri

        context = super().get_context(request, *args, **kwargs)
        context["imprint_phone_uri"] = phone_uri(ImpressumSettings.for_request(request).phone)
        return context


class SitemapPage(FixedSlugMixin, Page):
    """Sitemap for people: the tree of published pages."""

    fixed_slug = "sitemap"
    parent_page_types = ["website.SectionPage"]

    def get_context(self, request, *args, **kwargs):
        from website.sitemap import sitemap_tree

        context = super().get_context(request, *args, **kwargs)
        context["tree"] = sitemap_tree(self.get_site().root_page)
        return context

    class Meta:
        verbose_name = _("Sitemap")


class SearchPage(FixedSlugMixin, Page):
    """Suche: full-text search over every published page."""

    fixed_slug = "suche"
    parent_page_types = ["website.SectionPage"]

    def get_context(self, request, *args, **kwargs):
        from website.search import readable_query, search_pages

        context = super().get_context(request, *args, **kwargs)
        query = readable_query(request.GET.get("q", ""))
        context["query"] = query
        if query:
            context["results"], context["hits"] = search_pages(query, request.GET.get("seite", 1))
        return context

    class Meta:
        verbose_name = _("Suche")


@register_setting(icon="doc-full")
class ImpressumSettings(BaseSiteSetting):
    """Who runs the site (§ 5 DDG); the privacy policy names the same controller."""

    company = models.CharField(_("Firma"), max_length=200)
    legal_form_note = models.CharField(
        _("Rechtsform und Gesellschafter"), max_length=300, blank=True
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=120)
    postcode = models.CharField(_("PLZ"), max_length=5)
    city = models.CharField(_("Ort"), max_length=80)
    phone = models.CharField(_("Telefon"), max_length=40)
    email = models.EmailField(_("E-Mail"))
    managing_directors = models.CharField(
        _("Geschäftsführung"), max_length=300, help_text=_("Namen, durch Komma getrennt")
    )
    supervisory_board_chair = models.CharField(
        _("Vorsitz des Aufsichtsrats"), max_length=120, blank=True
    )
    register_court = models.CharField(_("Registergericht"), max_length=120)
    register_number = models.CharField(_("Registernummer"), max_length=40)
    vat_id = models.CharField(
        _("Umsatzsteuer-Identifikationsnummer"), max_length=20, help_text=_("z. B. DE123456789")
    )
    regulator = models.CharField(
        _("Aufsichtsbehörde"), max_length=300, blank=True, help_text=_("z. B. Bundesnetzagentur")
    )
    content_responsible = models.CharField(
        _("Verantwortlich für den Inhalt (§ 18 Abs. 2 MStV)"), max_length=300, blank=True
    )
    dpo_name = models.CharField(_("Datenschutzbeauftragte: Name"), max_length=120)
    dpo_email = models.EmailField(_("Datenschutzbeauftragte: E-Mail"))
    dpo_phone = models.CharField(_("Datenschutzbeauftragte: Telefon"), max_length=40, blank=True)
    dpo_address = models.CharField(
        _("Datenschutzbeauftragte: Postanschrift"), max_length=300, blank=True
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("company"),
                FieldPanel("legal_form_note"),
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Anbieter"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("managing_directors"),
                FieldPanel("supervisory_board_chair"),
                FieldPanel("register_court"),
                FieldPanel("register_number"),
                FieldPanel("vat_id"),
                FieldPanel("regulator"),
                FieldPanel("content_responsible"),
            ],
            heading=_("Vertretung und Register"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("dpo_name"),
                FieldPanel("dpo_email"),
                FieldPanel("dpo_phone"),
                FieldPanel("dpo_address"),
            ],
            heading=_("Datenschutzbeauftragte"),
        ),
    ]

    class Meta:
        verbose_name = _("Impressum und Verantwortlicher")

    def clean(self):
        errors = {}
        vat = self.vat_id.replace(" ", "").upper()
        if vat and not (vat.startswith("DE") and vat[2:].isdigit() and len(vat) == 11):
            errors["vat_id"] = _("Eine deutsche USt-IdNr. hat die Form DE und neun Ziffern.")
        else:
            self.vat_id = vat
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 5):
            errors["postcode"] = _("Eine Postleitzahl hat fünf Ziffern.")
        if errors:
            raise ValidationError(errors)

    def controller(self) -> dict:
        """The controller's details in the plain form the privacy policy freezes."""
        return {
            "company": self.company,
            "address": f"{self.street}, {self.postcode} {self.city}",
            "phone": self.phone,
            "email": self.email,
            "managing_directors": self.managing_directors,
            "register": f"{self.register_court}, {self.register_number}",
            "vat_id": self.vat_id,
            "dpo_name": self.dpo_name,
            "dpo_email": self.dpo_email,
            "dpo_phone": self.dpo_phone,
            "dpo_address": self.dpo_address,
        }
