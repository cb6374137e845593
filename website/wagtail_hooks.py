from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_script():
    return format_html('<script src="{}"></script>', static("website/admin-csp-init.js"))


def _is_fixed(page) -> bool:
    from website.models import FixedSlugMixin, InquiryFormPage

    return issubclass(page.specific_class, FixedSlugMixin | InquiryFormPage)


def _refuse(request, page, message):
    messages.error(request, message)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def keep_fixed_pages(request, page):
    if _is_fixed(page):
        return _refuse(
            request,
            page,
            _(
                "„%(title)s“ gehört zur festen Navigation und wird nicht gelöscht. Sie können "
                "die Seite bearbeiten oder in der Navigation ausblenden."
            )
            % {"title": page.title},
        )
    return None


@hooks.register("before_move_page")
def keep_fixed_pages_in_place(request, page, destination):
    if _is_fixed(page):
        return _refuse(
            request,
            page,
            _("„%(title)s“ gehört zur festen Navigation und bleibt an ihrer Adresse.")
            % {"title": page.title},
        )
    return None


# The editor action that publishes a new privacy-policy version registers its own hooks.
import website.policy_admin  # noqa: E402, F401
