"""The admin keeps the execution day's lists (result indicators, on-site service types)."""

from django.urls import reverse

from tests.factories import UserFactory


def test_a_superuser_keeps_the_result_indicators_and_service_types(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:kegiatan_indikatorhasil_changelist")).content.decode()
    assert "Sampah terpilah ke bank sampah" in page and "batang" in page
    page = client.get(reverse("admin:kegiatan_jenislayanan_changelist")).content.decode()
    assert "Konsultasi KTP/KK" in page
