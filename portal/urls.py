"""The customer centre under /kundencenter/, German addresses. allauth's views keep
their URL names (account_login, ...), which allauth itself reverses."""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from allauth.mfa.webauthn import views as webauthn
from django.urls import include, path, re_path

from portal import views
from portal.access import customer_page
from portal.transactions import api as billing_api
from portal.transactions import views as transactions

urlpatterns = [
    path("", views.overview, name="portal_overview"),
    path("vertraege/", views.contract_list, name="portal_contracts"),
    path("vertraege/<str:contract_number>/", views.contract_detail, name="portal_contract"),
    path("rechnungen/", views.invoice_list, name="portal_invoices"),
    path("zugriffsprotokoll/", views.access_log, name="portal_access_log"),
    path("sms/", include("sms.urls")),
    path("zaehlerstand/", transactions.meter_reading_choice, name="portal_meter_reading_choice"),
    path(
        "zaehlerstand/<str:meter_number>/", transactions.meter_reading, name="portal_meter_reading"
    ),
    path("abschlag/", transactions.instalment_choice, name="portal_instalment_choice"),
    path("abschlag/<str:contract_number>/", transactions.instalment, name="portal_instalment"),
    path("bankverbindung/", transactions.bank_details, name="portal_bank_details"),
    path("umzug/", transactions.move_choice, name="portal_move_choice"),
    path("umzug/<str:contract_number>/", transactions.move, name="portal_move"),
    path("kontaktdaten/", transactions.contact_data, name="portal_contact_data"),
    path("auftraege/", transactions.request_list, name="portal_requests"),
    path("auftraege/<int:pk>/", transactions.request_detail, name="portal_request"),
    path(
        "auftraege/<int:pk>/fotos/<int:photo_pk>/",
        transactions.request_photo,
        name="portal_request_photo",
    ),
    path("api/v1/openapi.json", billing_api.openapi, name="portal_billing_api_openapi"),
    path("api/v1/auftraege/abholen/", billing_api.claim, name="portal_billing_api_claim"),
    path(
        "api/v1/auftraege/abholen/<str:token>/bestaetigen/",
        billing_api.confirm,
        name="portal_billing_api_confirm",
    ),
    path("registrieren/", views.registration, name="account_signup"),
    path("registrieren/gesendet/", views.registration_sent, name="portal_registration_sent"),
    path("aktivieren/neuer-link/", views.activation_resend, name="portal_activation_resend"),
    path(
        "aktivieren/neuer-link/gesendet/",
        views.activation_resend_sent,
        name="portal_activation_resend_sent",
    ),
    path("aktivieren/code/", views.activation_code, name="portal_activation_code"),
    path(
        "aktivieren/neuer-brief/",
        views.activation_letter_request,
        name="portal_activation_letter_request",
    ),
    path(
        "aktivieren/neuer-brief/gesendet/",
        views.activation_letter_request_sent,
        name="portal_activation_letter_request_sent",
    ),
    path(
        "aktivieren/gesendet/",
        account.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(r"^aktivieren/(?P<key>[-:\w]+)/$", account.confirm_email, name="account_confirm_email"),
    path("anmelden/", account.login, name="account_login"),
    path("abmelden/", account.logout, name="account_logout"),
    path("konto-inaktiv/", account.account_inactive, name="account_inactive"),
    path("passwort-vergessen/", account.password_reset, name="account_reset_password"),
    path(
        "passwort-vergessen/gesendet/",
        account.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^passwort-neu/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "passwort-neu/fertig/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("meine-daten/", views.my_data, name="portal_my_data"),
    path("meine-daten/sitzung-beenden/", views.session_end, name="portal_session_end"),
    path("meine-daten/antrag/", views.subject_request_create, name="portal_subject_request"),
    path("meine-daten/auskunft/", views.access_package_download, name="portal_access_package"),
    path("zugang-loeschen/", views.online_access_delete_self, name="portal_online_access_delete"),
    path("zugang-geloescht/", views.online_access_deleted, name="portal_online_access_deleted"),
    path("e-mail/", customer_page("email")(account.email), name="account_email"),
    path("bestaetigen/", account.reauthenticate, name="account_reauthenticate"),
    path("sicherheit/", customer_page("mfa")(mfa.index), name="mfa_index"),
    path("sicherheit/anmelden/", mfa.authenticate, name="mfa_authenticate"),
    path("sicherheit/bestaetigen/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path(
        "sicherheit/app/einrichten/",
        customer_page("mfa_totp")(totp.activate_totp),
        name="mfa_activate_totp",
    ),
    path(
        "sicherheit/app/entfernen/",
        customer_page("mfa_totp")(totp.deactivate_totp),
        name="mfa_deactivate_totp",
    ),
    path(
        "sicherheit/wiederherstellungscodes/",
        customer_page("mfa_recovery_codes")(recovery_codes.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "sicherheit/wiederherstellungscodes/neu/",
        customer_page("mfa_recovery_codes")(recovery_codes.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "sicherheit/wiederherstellungscodes/herunterladen/",
        customer_page("mfa_recovery_codes")(recovery_codes.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    path(
        "sicherheit/passkeys/",
        customer_page("mfa_passkeys")(webauthn.list_webauthn),
        name="mfa_list_webauthn",
    ),
    path(
        "sicherheit/passkeys/neu/",
        customer_page("mfa_passkeys")(webauthn.add_webauthn),
        name="mfa_add_webauthn",
    ),
    path(
        "sicherheit/passkeys/bestaetigen/",
        webauthn.reauthenticate_webauthn,
        name="mfa_reauthenticate_webauthn",
    ),
    path(
        "sicherheit/passkeys/<int:pk>/entfernen/",
        customer_page("mfa_passkeys")(webauthn.remove_webauthn),
        name="mfa_remove_webauthn",
    ),
    path(
        "sicherheit/passkeys/<int:pk>/umbenennen/",
        customer_page("mfa_passkeys")(webauthn.edit_webauthn),
        name="mfa_edit_webauthn",
    ),
    path("anmelden/passkey/", webauthn.login_webauthn, name="mfa_login_webauthn"),
]
