from django.urls import path

from kegiatan import views

app_name = "kegiatan"

urlpatterns = [
    # Stage 3: Rencana Aksi, the camat's approval queue, calendar, recurring schedules.
    path("rencana/", views.plan_list, name="plan-list"),
    path("rencana/baru/", views.plan_create, name="plan-create"),
    path("rencana/persetujuan/", views.plan_queue, name="plan-queue"),
    path("rencana/persetujuan/setujui/", views.plan_approve_many, name="plan-approve-many"),
    path("rencana/kalender/", views.plan_calendar, name="plan-calendar"),
    path("rencana/kalender/<int:pk>/<str:token>.ics", views.plan_ics, name="plan-ics"),
    path(
        "rencana/kalender/kecamatan/<int:pk>/<str:token>.ics",
        views.plan_ics_kecamatan,
        name="plan-ics-kecamatan",
    ),
    path("rencana/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("rencana/<int:pk>/ubah/", views.plan_update, name="plan-update"),
    path("rencana/<int:pk>/ajukan/", views.plan_submit, name="plan-submit"),
    path("rencana/<int:pk>/setujui/", views.plan_approve, name="plan-approve"),
    path("rencana/<int:pk>/kembalikan/", views.plan_return, name="plan-return"),
    path("rencana/<int:pk>/terlaksana/", views.plan_done, name="plan-done"),
    path("rencana/<int:pk>/batal/", views.plan_cancel, name="plan-cancel"),
    path(
        "rencana/<int:pk>/minta-dukungan/",
        views.plan_request_support,
        name="plan-request-support",
    ),
    # Stage 4: the execution day of an approved plan.
    path("rencana/<int:pk>/pelaksanaan/", views.execution_open, name="execution-open"),
    path(
        "rencana/<int:pk>/pelaksanaan/tidak-terlaksana/",
        views.execution_not_held,
        name="execution-not-held",
    ),
    path(
        "rencana/<int:pk>/pelaksanaan/rt/<int:rt_pk>/",
        views.attendance_record,
        name="attendance-record",
    ),
    path("rencana/<int:pk>/pelaksanaan/hasil/", views.execution_results, name="execution-results"),
    path(
        "rencana/<int:pk>/pelaksanaan/layanan/", views.execution_services, name="execution-services"
    ),
    path(
        "rencana/<int:pk>/pelaksanaan/kendala/", views.execution_kendala, name="execution-kendala"
    ),
    path(
        "rencana/<int:pk>/pelaksanaan/foto/",
        views.documentation_add,
        name="documentation-add",
    ),
    path(
        "rencana/<int:pk>/pelaksanaan/foto/<int:foto_pk>/hapus/",
        views.documentation_delete,
        name="documentation-delete",
    ),
    path(
        "rencana/<int:pk>/pelaksanaan/foto/<int:foto_pk>/publik/",
        views.documentation_public,
        name="documentation-public",
    ),
    path("rencana/rutin/", views.series_list, name="series-list"),
    path("rencana/rutin/baru/", views.series_create, name="series-create"),
    path("rencana/rutin/<int:pk>/", views.series_detail, name="series-detail"),
    path("rencana/rutin/<int:pk>/ubah/", views.series_update, name="series-update"),
    path("rencana/rutin/<int:pk>/buat/", views.series_generate, name="series-generate"),
    path("rencana/rutin/<int:pk>/lewati/", views.series_skip, name="series-skip"),
    path("rencana/rutin/<int:pk>/ajukan/", views.series_submit, name="series-submit"),
    # Stage 3, public: the schedule per kelurahan (approved plans only).
    path("jadwal/", views.public_schedule_index, name="public-schedule-index"),
    path("jadwal/<int:pk>/", views.public_schedule, name="public-schedule"),
    path("jadwal/<int:pk>/kegiatan/<int:plan_pk>/", views.public_event, name="public-event"),
    path("jadwal/<int:pk>/jadwal.ics", views.public_schedule_ics, name="public-schedule-ics"),
]
