"""The data subject's own pages of a request, under /betroffenenrechte/."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("bestaetigen/<str:token>/", views.request_confirm, name="privacy_request_confirm"),
    path("code/", views.request_code, name="privacy_request_code"),
    path("auskunft/<str:token>/", views.access_download, name="privacy_access_download"),
]
