from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from sigoro import views
from sigoro.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "akun/masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Django's conventional address, for tools and habits that expect it.
    path("accounts/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/ganti-sandi/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("akun/keluar-semua/", views.account_sessions_end, name="account-sessions-end"),
    path(
        "akun/ganti-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("wilayah/", views.region_list, name="region-list"),
    path("wilayah/kelurahan/<int:pk>/", views.kelurahan_detail, name="kelurahan-detail"),
    path("wilayah/rt/<int:pk>/ubah/", views.rt_update, name="rt-update"),
    path("wilayah/pilihan.json", views.area_options, name="area-options"),
    path("pengguna/", views.user_list, name="user-list"),
    path("pengguna/baru/", views.user_create, name="user-create"),
    path("pengguna/<int:pk>/ubah/", views.user_update, name="user-update"),
    path("pengguna/data-pribadi/", views.personal_data_request, name="personal-data"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock, name="user-unlock"),
    path("pengguna/<int:pk>/keluar-semua/", views.user_sessions_end, name="user-sessions-end"),
    path("riwayat/", views.audit_list, name="audit-list"),
    path("healthz", views.healthz, name="healthz"),
    # The installable web app: its worker must live at the root to serve every page.
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    path("luring/", views.offline_fallback, name="offline"),
    # Every photo file goes through this view, which asks who may see it; MEDIA_URL itself
    # is never served (not even in the demo), so a private photo's file name alone is no key.
    path("foto/unggah/", views.photo_upload, name="photo-upload"),
    path("foto/<uuid:uuid>/<str:rendition>/", views.photo, name="photo"),
    path("notifikasi/", include("notifikasi.urls")),
    path("", include("permasalahan.urls")),
    path("open311/", include("open311.urls")),
    path("", include("kegiatan.urls")),
    path("stakeholder/", include("stakeholder.urls")),
    path("laporan/", include("laporan.urls")),
    # Public: the page a printed document's QR code opens (stage 6).
    path("", include("laporan.dokumen.public_urls")),
    path("admin/", admin.site.urls),
]

# An unreachable database or file storage outside a view answers 503, not 500.
handler500 = "sigoro.unavailable.server_error"
