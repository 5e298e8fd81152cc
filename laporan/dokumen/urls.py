"""URLs of laporan.dokumen (included by laporan/urls.py, namespace "laporan")."""

from django.urls import path

from laporan.dokumen import exports_views, views

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/progres/", views.document_progress, name="document-progress"),
    path("<int:pk>/unduh/", views.document_download, name="document-download"),
    path("<int:pk>/coba-lagi/", views.document_retry, name="document-retry"),
    path("<int:pk>/salinan/", views.document_signed_copy, name="document-signed-copy"),
    path("<int:pk>/salinan/unggah/", views.document_attach_copy, name="document-attach-copy"),
    path("berita-acara/<int:plan_pk>/", views.berita_acara_create, name="berita-acara-create"),
    path("laporan-bulanan/", views.monthly_report_create, name="monthly-report-create"),
    path("kop-surat/", views.letterhead_update, name="letterhead-update"),
    path("ekspor/", exports_views.export_index, name="export-index"),
    path("ekspor/<slug:dataset>.<str:fmt>", exports_views.export_download, name="export"),
]
