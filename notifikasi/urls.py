from django.urls import path

from notifikasi import views

app_name = "notifikasi"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("baca-semua/", views.notification_mark_all_read, name="mark-all-read"),
    path("pengaturan/", views.preferences, name="preferences"),
]
