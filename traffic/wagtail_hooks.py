from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from traffic.admin_views import PERMISSION, statistics_dashboard, statistics_download


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path("statistik/", statistics_dashboard, name="traffic_statistics"),
        path("statistik/csv/", statistics_download, name="traffic_statistics_csv"),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Zugriffsstatistik"), reverse("traffic_statistics"), icon_name="table", order=850
    )


@hooks.register("register_permissions")
def register_statistics_permission():
    """So administrators can grant it in the admin's group editor."""
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
