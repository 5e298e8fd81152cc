from django.urls import path

from stakeholder import views

app_name = "stakeholder"

urlpatterns = [
    path("", views.stakeholder_list, name="stakeholder-list"),
    path("baru/", views.stakeholder_create, name="stakeholder-create"),
    path("<int:pk>/", views.stakeholder_detail, name="stakeholder-detail"),
    path("<int:pk>/ubah/", views.stakeholder_update, name="stakeholder-update"),
    path("<int:pk>/akun/", views.stakeholder_account, name="stakeholder-account"),
    path("permintaan/", views.request_list, name="request-list"),
    path("permintaan/baru/", views.request_create, name="request-create"),
    path("permintaan/<int:pk>/", views.request_detail, name="request-detail"),
    path("permintaan/<int:pk>/ubah/", views.request_update, name="request-update"),
    path("penerima/<int:pk>/surat/", views.recipient_letter, name="recipient-letter"),
    path("penerima/<int:pk>/jawab/", views.recipient_answer, name="recipient-answer"),
    path("janji/<int:pk>/terima/", views.delivery_create, name="delivery-create"),
    path("ringkasan/", views.summary, name="summary"),
    path("swadaya/", views.swadaya_list, name="swadaya-list"),
    path("swadaya/baru/", views.swadaya_create, name="swadaya-create"),
    path("swadaya/<int:pk>/ubah/", views.swadaya_update, name="swadaya-update"),
]
