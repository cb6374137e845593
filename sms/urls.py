from django.urls import path

from sms import views

urlpatterns = [
    path("", views.sms_page, name="sms_page"),
]
