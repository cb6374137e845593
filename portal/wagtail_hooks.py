from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.views import (
    ACCESS_DELETE_PERMISSION,
    LETTER_PERMISSION,
    activation_letters_admin,
    online_access_delete_admin,
)


@hooks.register("register_admin_urls")
def register_activation_letter_urls():
    return [
        path(
            "kundencenter/aktivierungsbriefe/",
            activation_letters_admin,
            name="portal_activation_letters_admin",
        )
    ]


class ActivationLettersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(LETTER_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_activation_letters_menu_item():
    return ActivationLettersMenuItem(
        _("Aktivierungsbriefe"),
        reverse("portal_activation_letters_admin"),
        icon_name="mail",
        order=850,
    )


@hooks.register("register_admin_urls")
def register_online_access_delete_urls():
    return [
        path(
            "kundencenter/online-zugang-loeschen/",
            online_access_delete_admin,
            name="portal_online_access_delete_admin",
        )
    ]


class OnlineAccessDeleteMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ACCESS_DELETE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_online_access_delete_menu_item():
    return OnlineAccessDeleteMenuItem(
        _("Online-Zugang löschen"),
        reverse("portal_online_access_delete_admin"),
        icon_name="bin",
        order=860,
    )
