from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from privacy.views import PERMISSION, processing_record_view


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path(
            "datenschutz/verarbeitungsverzeichnis/",
            processing_record_view,
            name="privacy_processing_record",
        )
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
