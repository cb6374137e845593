from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from privacy import desk_views
from privacy.views import PERMISSION, processing_record_view


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path(
            "datenschutz/verarbeitungsverzeichnis/",
            processing_record_view,
            name="privacy_processing_record",
        ),
        path("datenschutz/antraege/", desk_views.desk_overview, name="privacy_desk"),
        path(
            "datenschutz/antraege/neu/",
            desk_views.desk_request_new,
            name="privacy_desk_request_new",
        ),
        path(
            "datenschutz/antraege/<int:pk>/",
            desk_views.desk_request,
            name="privacy_desk_request",
        ),
    ]


class ProcessingRecordMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_processing_record_menu_item():
    return ProcessingRecordMenuItem(
        _("Verarbeitungsverzeichnis"),
        reverse("privacy_processing_record"),
        icon_name="lock",
        order=900,
    )


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(desk_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(
        _("Betroffenenanträge"),
        reverse("privacy_desk"),
        name="privacy-desk",
        icon_name="lock",
        order=890,
    )


@hooks.register("register_permissions")
def register_desk_permission():
    """So administrators can grant the DPO's permission in the admin's group editor."""
    app_label, codename = desk_views.PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
