"""Public URLs of laporan.dokumen (no sign-in): the verification of a printed document."""

from django.urls import path

from laporan.dokumen import views

urlpatterns = [
    path("verifikasi/", views.verification_lookup, name="verification-lookup"),
    path("verifikasi/<str:kode>/", views.verification, name="verification"),
]
