"""URLs of laporan.dashboard (included by laporan/urls.py, namespace "laporan")."""

from django.urls import path

from laporan.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rencana-vs-realisasi/", views.plan_vs_actual, name="plan-vs-actual"),
    path("kendala/", views.kendala, name="kendala"),
]
