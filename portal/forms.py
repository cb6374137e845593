from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from privacy.models import SubjectRequest


class RegistrationForm(forms.Form):
    customer_number = forms.CharField(
        label=_("Kundennummer"),
        max_length=20,
        help_text=_("Sie steht auf jeder Rechnung und jedem Schreiben von uns."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    name = forms.CharField(
        label=_("Nachname"),
        max_length=100,
        help_text=_("Wie auf Ihrer Rechnung; Vor- und Nachname zusammen gehen auch."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    town = forms.CharField(
        label=_("Wohnort"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("An diese Adresse senden wir den Link zur Aktivierung."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        help_text=_(
            "Mindestens 10 Zeichen; kein häufig verwendetes Passwort, nicht nur Ziffern "
            "und nicht Ihrem Namen oder Ihrer E-Mail-Adresse ähnlich."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    activation_by = forms.ChoiceField(
        label=_("Aktivierung"),
        choices=[
            ("email", _("per E-Mail-Link (sofort)")),
            ("post", _("per Brief mit Aktivierungscode an Ihre Anschrift (einige Tage)")),
        ],
        initial="email",
        required=False,  # without a choice, by e-mail
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        password, repeated = data.get("password1"), data.get("password2")
        if password and repeated and password != repeated:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif password:
            # The similarity check compares with what was typed, never with master data.
            someone = User(
                username=data.get("customer_number", ""),
                email=data.get("email", ""),
                last_name=data.get("name", ""),
            )
            try:
                password_validation.validate_password(password, user=someone)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ActivationResendForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Die Adresse, mit der Sie sich registriert haben."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ActivationLetterRequestForm(ActivationResendForm):
    pass


class ActivationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Aktivierungscode"),
        max_length=30,
        help_text=_("Er steht in unserem Brief, zum Beispiel ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class ActivationLetterForceForm(forms.Form):
    customer_number = forms.CharField(label=_("Kundennummer"), max_length=20)


class OnlineAccessDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, ich möchte meinen Online-Zugang löschen."),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie den Zugang löschen möchten.")
        },
    )


class OnlineAccessDeleteAdminForm(forms.Form):
    customer_number = forms.CharField(label=_("Kundennummer"), max_length=20)
    confirm = forms.BooleanField(
        label=_("Die Löschung wurde vom Kunden verlangt, seine Identität ist geprüft."),
        error_messages={"required": _("Bitte bestätigen Sie die Prüfung.")},
    )


class SubjectRequestForm(forms.Form):
    """The two rights a logged-in customer exercises with a button; the others need a
    description and go through the DPO's form."""

    kind = forms.ChoiceField(
        choices=[
            (SubjectRequest.Kind.ACCESS, SubjectRequest.Kind.ACCESS.label),
            (SubjectRequest.Kind.ERASURE, SubjectRequest.Kind.ERASURE.label),
        ],
        error_messages={"invalid_choice": _("Diesen Antrag können Sie hier nicht stellen.")},
    )
    remove_online_access = forms.BooleanField(
        label=_("Online-Zugang ebenfalls löschen"), required=False
    )


class PasswordResetForm(ResetPasswordForm):
    """allauth's reset form without the lookup: a task looks the address up and sends
    the reset mail, or the note that no account has it."""

    def clean_email(self) -> str:
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs) -> str:
        from portal.tasks import password_reset_request_task

        email = self.cleaned_data["email"]
        password_reset_request_task.enqueue(email=email)
        return email
