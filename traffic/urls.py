from django.urls import path

from traffic import views

urlpatterns = [
    path("widerspruch/", views.analytics_objection, name="traffic_analytics_objection"),
]
