"""URLs of laporan.indeks (included by laporan/urls.py, namespace "laporan")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("peringkat/", views.ranking, name="ranking"),
    path("cara-menghitung/", views.method, name="index-method"),
    path("bobot/", views.config, name="index-config"),
    path("<str:level>/<int:pk>/", views.detail, name="index-detail"),
]
