"""The customer centre under /kundencenter/, German addresses. allauth's views keep
their URL names (account_login, ...), which allauth itself reverses."""

from allauth.account import views as account
from django.urls import path, re_path

from portal import views

urlpatterns = [
    path("", views.overview, name="portal_overview"),
    path("vertraege/", views.contract_list, name="portal_contracts"),
    path("vertraege/<str:contract_number>/", views.contract_detail, name="portal_contract"),
    path("rechnungen/", views.invoice_list, name="portal_invoices"),
    path("zugriffsprotokoll/", views.access_log, name="portal_access_log"),
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
]
