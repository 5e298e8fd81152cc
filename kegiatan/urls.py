from django.urls import path

from kegiatan import plan_views, views

app_name = "kegiatan"

urlpatterns = [
    # Public: no account needed.
    path("lapor/", views.report, name="report"),
    path("lapor/serupa/", views.report_similar, name="report-similar"),
    path("lacak/", views.track_lookup, name="track-lookup"),
    path("lacak/<str:kode>/", views.track, name="track"),
    path("lacak/<str:kode>/cetak/", views.track_slip, name="track-slip"),
    path("lacak/<str:kode>/dukung/", views.track_confirm, name="track-confirm"),
    path("lacak/<str:kode>/buka-kembali/", views.track_reopen, name="track-reopen"),
    path("lacak/<str:kode>/nilai/", views.track_rate, name="track-rate"),
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
    # Stage 3: Rencana Aksi, the camat's approval queue, calendar, recurring schedules.
    path("rencana/", plan_views.plan_list, name="plan-list"),
    path("rencana/baru/", plan_views.plan_create, name="plan-create"),
    path("rencana/persetujuan/", plan_views.plan_queue, name="plan-queue"),
    path("rencana/persetujuan/setujui/", plan_views.plan_approve_many, name="plan-approve-many"),
    path("rencana/kalender/", plan_views.plan_calendar, name="plan-calendar"),
    path("rencana/kalender/<int:pk>/<str:token>.ics", plan_views.plan_ics, name="plan-ics"),
    path("rencana/<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("rencana/<int:pk>/ubah/", plan_views.plan_update, name="plan-update"),
    path("rencana/<int:pk>/ajukan/", plan_views.plan_submit, name="plan-submit"),
    path("rencana/<int:pk>/setujui/", plan_views.plan_approve, name="plan-approve"),
    path("rencana/<int:pk>/kembalikan/", plan_views.plan_return, name="plan-return"),
    path("rencana/<int:pk>/terlaksana/", plan_views.plan_done, name="plan-done"),
    path("rencana/<int:pk>/batal/", plan_views.plan_cancel, name="plan-cancel"),
    path("rencana/rutin/", plan_views.series_list, name="series-list"),
    path("rencana/rutin/baru/", plan_views.series_create, name="series-create"),
    path("rencana/rutin/<int:pk>/", plan_views.series_detail, name="series-detail"),
    path("rencana/rutin/<int:pk>/ubah/", plan_views.series_update, name="series-update"),
    path("rencana/rutin/<int:pk>/buat/", plan_views.series_generate, name="series-generate"),
    path("rencana/rutin/<int:pk>/lewati/", plan_views.series_skip, name="series-skip"),
    path("rencana/rutin/<int:pk>/ajukan/", plan_views.series_submit, name="series-submit"),
    # Stage 3, public: the schedule per kelurahan (approved plans only).
    path("jadwal/", plan_views.public_schedule_index, name="public-schedule-index"),
    path("jadwal/<int:pk>/", plan_views.public_schedule, name="public-schedule"),
    path("jadwal/<int:pk>/jadwal.ics", plan_views.public_schedule_ics, name="public-schedule-ics"),
]
