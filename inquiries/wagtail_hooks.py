from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from inquiries import admin_views
from inquiries.models import FormRoute, OpeningInterval, OutgoingMail, SpecialDay, Topic, Unit
from inquiries.selectors import units_for_user


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [
        path("anliegen/", admin_views.inbox_index, name="inquiries_admin_index"),
        path("anliegen/rueckrufe/", admin_views.callback_list, name="inquiries_admin_callbacks"),
        path(
            "anliegen/rueckrufe/<str:reference>/angerufen/",
            admin_views.callback_called,
            name="inquiries_admin_callback_called",
        ),
        path(
            "anliegen/vorgang/<str:reference>/",
            admin_views.inquiry_detail,
            name="inquiries_admin_detail",
        ),
        path("anliegen/<slug:slug>/", admin_views.inbox_unit, name="inquiries_admin_unit"),
    ]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return units_for_user(user=request.user).exists()


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        _("Anliegen"), reverse("inquiries_admin_index"), icon_name="mail", order=150
    )


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    list_display = ["name", "slug", "group", "confidential", "handles_callbacks"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("group"),
        FieldPanel("notification_email"),
        FieldPanel("confidential"),
        FieldPanel("handles_callbacks"),
    ]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["label", "kind", "unit", "active", "sort_order"]
    list_filter = ["kind", "unit"]


class FormRouteViewSet(SnippetViewSet):
    model = FormRoute
    icon = "arrow-right"
    list_display = ["kind", "unit", "send_confirmation"]


class OpeningIntervalViewSet(SnippetViewSet):
    model = OpeningInterval
    icon = "time"
    list_display = ["weekday", "opens", "closes"]


class SpecialDayViewSet(SnippetViewSet):
    model = SpecialDay
    icon = "date"
    list_display = ["date", "label", "closed", "opens", "closes"]


class OutgoingMailViewSet(SnippetViewSet):
    """Shows staff whether notifications are stuck, and why (no content, no address)."""

    model = OutgoingMail
    icon = "mail"
    list_display = ["purpose", "created_at", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["purpose"]
    inspect_view_enabled = True


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """The outbox is written by the mail code alone; staff may only look."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])


register_permission_policy(OutgoingMail, ViewOnlyPermissionPolicy(OutgoingMail))


class InquirySettingsGroup(SnippetViewSetGroup):
    menu_label = _("Kontakt-Einstellungen")
    menu_icon = "cogs"
    menu_order = 160
    items = (
        UnitViewSet,
        TopicViewSet,
        FormRouteViewSet,
        OpeningIntervalViewSet,
        SpecialDayViewSet,
        OutgoingMailViewSet,
    )


register_snippet(InquirySettingsGroup)
