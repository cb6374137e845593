"""Staff inboxes in the Wagtail admin. Every view starts from what the signed-in user
may see (inquiries/selectors.py), so another unit's inquiry is simply not found."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from inquiries import selectors, services
from inquiries.admin_forms import AssignForm, ForwardForm, HoldForm, NoteForm, StatusForm
from inquiries.models import Inquiry, Kind


def inbox_index(request):
    units = selectors.inbox_overview(user=request.user)
    if not units:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "inquiries/admin/inbox_index.html",
        {
            "units": units,
            "shows_callbacks": any(unit.handles_callbacks for unit in units),
        },
    )


def inbox_unit(request, slug: str):
    unit = selectors.inbox_unit_get(user=request.user, slug=slug)
    status = request.GET.get("status") or None
    return TemplateResponse(
        request,
        "inquiries/admin/inbox_unit.html",
        {
            "unit": unit,
            "inquiries": selectors.inbox_list(unit=unit, status=status),
            "status": status,
            "statuses": Inquiry.Status.choices,
        },
    )


def _detail_context(request, inquiry: Inquiry, **forms) -> dict:
    context = {
        "inquiry": inquiry,
        "events": inquiry.events.select_related("actor", "from_unit", "to_unit"),
        "holds": selectors.holds_active(inquiry=inquiry),
        "deletion_due_at": selectors.deletion_due_at(inquiry=inquiry),
        # A callback has no "done": marking it called deletes it (see callback_called).
        "status_form": None
        if inquiry.kind == Kind.CALLBACK
        else StatusForm(initial={"status": inquiry.status}),
        "assign_form": AssignForm(inquiry=inquiry, initial={"assignee": inquiry.assignee_id}),
        "note_form": NoteForm(),
        "forward_form": None if inquiry.unit.confidential else ForwardForm(inquiry=inquiry),
        "hold_form": None if inquiry.kind == Kind.CALLBACK else HoldForm(),
    }
    context.update(forms)
    return context


def inquiry_detail(request, reference: str):
    inquiry = selectors.inquiry_get_for_user(user=request.user, reference=reference)
    if request.method != "POST":
        return TemplateResponse(
            request, "inquiries/admin/inquiry_detail.html", _detail_context(request, inquiry)
        )
    action = request.POST.get("action")
    user = request.user
    if action == "status" and inquiry.kind != Kind.CALLBACK:
        form = StatusForm(request.POST)
        if form.is_valid():
            services.inquiry_status_set(
                inquiry=inquiry, status=form.cleaned_data["status"], actor=user
            )
            messages.success(request, _("Status geändert."))
            return redirect("inquiries_admin_detail", reference)
        bound = {"status_form": form}
    elif action == "assign":
        form = AssignForm(request.POST, inquiry=inquiry)
        if form.is_valid():
            services.inquiry_assign(
                inquiry=inquiry, assignee=form.cleaned_data["assignee"], actor=user
            )
            messages.success(request, _("Zuweisung gespeichert."))
            return redirect("inquiries_admin_detail", reference)
        bound = {"assign_form": form}
    elif action == "note":
        form = NoteForm(request.POST)
        if form.is_valid():
            services.inquiry_note_add(inquiry=inquiry, text=form.cleaned_data["text"], actor=user)
            messages.success(request, _("Notiz gespeichert."))
            return redirect("inquiries_admin_detail", reference)
        bound = {"note_form": form}
    elif action == "forward" and not inquiry.unit.confidential:
        form = ForwardForm(request.POST, inquiry=inquiry)
        if form.is_valid():
            target = form.cleaned_data["unit"]
            services.inquiry_forward(
                inquiry=inquiry, to_unit=target, actor=user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("An „%(unit)s“ weitergeleitet.") % {"unit": target.name})
            if selectors.inquiries_visible_to(user=user).filter(pk=inquiry.pk).exists():
                return redirect("inquiries_admin_detail", reference)
            return redirect("inquiries_admin_index")
        bound = {"forward_form": form}
    elif action == "hold" and inquiry.kind != Kind.CALLBACK:
        form = HoldForm(request.POST)
        if form.is_valid():
            until = timezone.make_aware(datetime.combine(form.cleaned_data["until"], time(23, 59)))
            services.inquiry_hold(
                inquiry=inquiry,
                reason=form.cleaned_data["reason"],
                until=until,
                actor=user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Aufbewahrung angeordnet."))
            return redirect("inquiries_admin_detail", reference)
        bound = {"hold_form": form}
    else:
        raise PermissionDenied
    return TemplateResponse(
        request,
        "inquiries/admin/inquiry_detail.html",
        _detail_context(request, inquiry, **bound),
        status=400,
    )


def callback_list(request):
    callbacks = selectors.callback_list(user=request.user)
    if not selectors.units_for_user(user=request.user).filter(handles_callbacks=True).exists():
        raise PermissionDenied
    return TemplateResponse(
        request,
        "inquiries/admin/callback_list.html",
        {"callbacks": callbacks, "now": timezone.now()},
    )


@require_POST
def callback_called(request, reference: str):
    try:
        inquiry = selectors.callback_list(user=request.user).get(reference=reference)
    except Inquiry.DoesNotExist:
        raise Http404 from None
    try:
        services.callback_mark_done(inquiry=inquiry, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Rückruf %(reference)s erledigt; die Angaben sind gelöscht.")
            % {"reference": reference},
        )
    return redirect("inquiries_admin_callbacks")
