from django.urls import path

from permasalahan import views

app_name = "permasalahan"

urlpatterns = [
    # Public: no account needed.
    path("lapor/", views.report, name="report"),
    path("lapor/serupa/", views.report_similar, name="report-similar"),
    path("lapor/rt.json", views.report_rt_options, name="report-rt-options"),
    path("lacak/", views.track_lookup, name="track-lookup"),
    path("lacak/<str:kode>/", views.track, name="track"),
    path("lacak/<str:kode>/cetak/", views.track_slip, name="track-slip"),
    path("lacak/<str:kode>/dukung/", views.track_confirm, name="track-confirm"),
    path("lacak/<str:kode>/buka-kembali/", views.track_reopen, name="track-reopen"),
    path("lacak/<str:kode>/nilai/", views.track_rate, name="track-rate"),
    path("lacak/<str:kode>/pelapor/<str:kunci>/", views.track_reporter, name="track-reporter"),
    path("peta/", views.public_map, name="public-map"),
    path("peta/data.geojson", views.public_map_data, name="public-map-data"),
    # Staff.
    path("permasalahan/", views.problem_list, name="problem-list"),
    path("permasalahan/baru/", views.problem_create, name="problem-create"),
    path("permasalahan/peta/", views.problem_map, name="problem-map"),
    path("permasalahan/peta/data.geojson", views.problem_map_data, name="problem-map-data"),
    path("permasalahan/kebutuhan/", views.needs_summary, name="needs-summary"),
    path("permasalahan/kategori/", views.category_list, name="category-list"),
    path("permasalahan/kategori/baru/", views.category_edit, name="category-create"),
    path("permasalahan/kategori/<int:pk>/", views.category_edit, name="category-update"),
    path("permasalahan/<str:kode>/", views.problem_detail, name="problem-detail"),
    path("permasalahan/<str:kode>/verifikasi/", views.problem_verify, name="problem-verify"),
    path("permasalahan/<str:kode>/tolak/", views.problem_reject, name="problem-reject"),
    path("permasalahan/<str:kode>/duplikat/", views.problem_duplicate, name="problem-duplicate"),
    path("permasalahan/<str:kode>/tangani/", views.problem_handle, name="problem-handle"),
    path("permasalahan/<str:kode>/selesai/", views.problem_resolve, name="problem-resolve"),
    path("permasalahan/<str:kode>/catatan/", views.problem_note, name="problem-note"),
    path(
        "permasalahan/<str:kode>/foto/<int:pk>/publik/",
        views.problem_photo_visibility,
        name="problem-photo-visibility",
    ),
]
