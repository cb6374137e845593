from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sms.abuse_export import EXPORT_PERMISSION
from sms.views import STATISTICS_PERMISSION, abuse_log_export_admin, statistics_admin


@hooks.register("register_admin_urls")
def register_abuse_log_export_urls():
    return [
        path(
            "sms/missbrauchsprotokoll/",
            abuse_log_export_admin,
            name="sms_abuse_log_export_admin",
        )
    ]


class AbuseLogExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_abuse_log_export_menu_item():
    return AbuseLogExportMenuItem(
        _("SMS-Missbrauchsprotokoll"),
        reverse("sms_abuse_log_export_admin"),
        icon_name="warning",
        order=870,
    )


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [path("sms/tagesuebersicht/", statistics_admin, name="sms_statistics_admin")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(STATISTICS_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("SMS-Service"), reverse("sms_statistics_admin"), icon_name="mail", order=860
    )
