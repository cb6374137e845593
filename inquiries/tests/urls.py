"""Serves the forms at their German URLs with a stand-in for the website's form page,
so the views are tested as the page's serve() will call them."""

from django.urls import path

from inquiries.views import inquiry_page
from stadtwerk.urls import urlpatterns as project_urlpatterns

SLUGS = {
    "contact": "kontaktformular",
    "callback": "rueckrufservice",
    "privacy_officer": "datenschutzbeauftragte",
    "equality_officer": "gleichbehandlungsbeauftragter",
    "feedback": "lob-und-tadel",
    "outage": "stoerungsmeldung",
}


class StandInPage:
    def __init__(self, kind: str):
        self.form_kind = kind
        self.title = SLUGS[kind]
        self.url = f"/kontakt-hilfe/{SLUGS[kind]}/"

    def get_context(self, request):
        return {"page": self, "self": self, "request": request}


def _view(kind):
    def view(request):
        return inquiry_page(request, StandInPage(kind))

    return view


urlpatterns = [
    path(f"kontakt-hilfe/{slug}/", _view(kind), name=f"inquiry_{kind}")
    for kind, slug in SLUGS.items()
] + project_urlpatterns
