from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.views import LETTER_PERMISSION, activation_letters_admin


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
