"""What residents see of a past gotong royong: on the public schedule, held or not held and
the head count; on the event page, the results, the services given and the public
before/after photos. Never names, phone numbers, notes or attendance photos; a photo is
public only once the plan is carried out and on the schedule, unless the staff hid it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kegiatan import selectors, services
from kegiatan.models import (
    HasilKegiatan,
    Kehadiran,
    LayananLokasi,
    PelaksanaanStatus,
    PlanStatus,
)
from sigoro.models import Role
from sigoro.services import photo_create
from tests.kegiatan.factories import (
    closed_execution_in,
    documentation_in,
    execution_in,
    indicator,
    service_type,
)
from tests.photo_samples import camera_jpeg, upload
from tests.stakeholder.factories import StakeholderFactory

PHONE = "081234567890"


def photo_url(row, rendition="thumb"):
    return reverse("photo", args=[row.foto.uuid, rendition])


def event_url(pelaksanaan):
    plan = pelaksanaan.plan
    return reverse("kegiatan:public-event", args=[plan.kelurahan_id, plan.pk])


def attendance(pelaksanaan, rt, user, **counts):
    row = Kehadiran.objects.create(pelaksanaan=pelaksanaan, rt=rt, dicatat_oleh=user, **counts)
    sheet = photo_create(user=user, upload=upload(camera_jpeg(orientation=1, width=120, height=80)))
    row.foto.add(sheet)
    return row, sheet


def full_event(world):
    """A plan carried out yesterday in the home RT: 12 residents and 3 officials attended
    (15 in all), 120 kg of waste carried away and 8.5 kg of plastic sorted, 7 + 5 = 12 KTP
    consultations, a before/after pair, an activity photo, a hidden one."""
    rt_head = world.users[Role.KETUA_RT]
    pelaksanaan = closed_execution_in(
        world.home_rt, penanggung_jawab_nama="Pak Rahmat Hidayat", penanggung_jawab_hp=PHONE
    )
    pelaksanaan.dipimpin_oleh = "Bu Sri Wahyuni"
    pelaksanaan.save()
    kehadiran, sheet = attendance(
        pelaksanaan, world.home_rt, rt_head, hadir_warga=12, hadir_rt_rw=3
    )
    kehadiran.stakeholders.add(StakeholderFactory(nama="CV Sinar Bersih Jaya"))
    HasilKegiatan.objects.create(
        pelaksanaan=pelaksanaan, indikator=indicator(), jumlah=Decimal("120"), catatan="Truk DLH"
    )
    HasilKegiatan.objects.create(
        pelaksanaan=pelaksanaan,
        indikator=indicator("sampah-bank-sampah"),
        jumlah=Decimal("8.5"),
        jenis_sampah="plastik",
    )
    for n in (7, 5):
        LayananLokasi.objects.create(pelaksanaan=pelaksanaan, jenis=service_type(), jumlah=n)
    before = documentation_in(pelaksanaan, jenis="sebelum", user=rt_head)
    after = documentation_in(pelaksanaan, jenis="sesudah", titik=before.titik, user=rt_head)
    activity = documentation_in(pelaksanaan, jenis="kegiatan", user=rt_head, keterangan="Warga")
    hidden = documentation_in(pelaksanaan, jenis="kegiatan", user=rt_head, publik=False)
    return pelaksanaan, sheet, (before, after, activity, hidden)


def test_a_public_after_photo_is_seen_by_anyone(client, world):
    _pelaksanaan, _sheet, (before, after, activity, _hidden) = full_event(world)
    for row in (before, after, activity):
        response = client.get(photo_url(row, "web"))
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public")


def test_hidden_and_attendance_photos_stay_private(client, world):
    _pelaksanaan, sheet, (*_shown, hidden) = full_event(world)
    assert client.get(photo_url(hidden)).status_code == 404
    assert client.get(reverse("photo", args=[sheet.uuid, "thumb"])).status_code == 404
    client.force_login(world.users[Role.LURAH])
    assert client.get(photo_url(hidden)).status_code == 200
    assert client.get(reverse("photo", args=[sheet.uuid, "thumb"])).status_code == 200


def test_photos_of_an_execution_still_open_are_not_public(client, world):
    row = documentation_in(execution_in(world.home_rt), jenis="sesudah")
    assert client.get(photo_url(row)).status_code == 404
    client.force_login(world.users[Role.KETUA_RT])
    assert client.get(photo_url(row)).status_code == 200
    client.force_login(world.users[Role.LURAH])
    other_kelurahan = documentation_in(execution_in(world.foreign_rt[Role.LURAH]))
    assert client.get(photo_url(other_kelurahan)).status_code == 404


@pytest.mark.parametrize(("days_ago", "public"), [(0, True), (30, True), (31, False)])
def test_a_photo_is_public_while_the_schedule_shows_the_event(world, days_ago, public):
    row = documentation_in(closed_execution_in(world.home_rt, days_ago=days_ago))
    assert selectors.documentation_photo_is_public(row) is public


def test_the_event_page_shows_counts_and_results_but_no_names_or_phones(client, world):
    pelaksanaan, sheet, (before, after, activity, hidden) = full_event(world)
    response = client.get(event_url(pelaksanaan))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="public-event-hadir">15<' in html
    results = html.split('data-testid="public-results"')[1].split("</ul>")[0]
    assert "120" in results and "8,5" in results and "kg" in results
    services_html = html.split('data-testid="public-services"')[1].split("</ul>")[0]
    assert "<strong>12</strong>" in services_html
    pair = html.split(f'data-testid="doc-pair-{before.titik_id}"')[1]
    assert pair.index(before.foto.thumb_url) < pair.index(after.foto.thumb_url)
    assert activity.foto.thumb_url in html
    for private in (
        hidden.foto.uuid.hex,
        str(hidden.foto.uuid),
        str(sheet.uuid),
        "Pak Rahmat",
        "Bu Sri Wahyuni",
        "Pak Lurah",
        PHONE,
        "0812",
        "Truk DLH",
        "CV Sinar Bersih Jaya",
        world.users[Role.KETUA_RT].first_name,
        world.users[Role.KETUA_RT].username,
    ):
        assert private not in html, private


def test_the_schedule_lists_a_past_event_with_its_head_count_and_a_link(client, world):
    pelaksanaan, _sheet, _rows = full_event(world)
    url = reverse("kegiatan:public-schedule", args=[world.home_rt.kelurahan_id])
    html = client.get(url).content.decode()
    item = html.split(f'data-testid="public-recent-{pelaksanaan.plan_id}"')[1].split("</li>")[0]
    assert event_url(pelaksanaan) in item
    assert "15 peserta" in item


def test_a_plan_not_held_is_listed_as_such_without_its_reason(client, world):
    lurah = world.users[Role.LURAH]
    plan = execution_in(world.home_rt).plan
    services.pelaksanaan_not_held(user=lurah, plan=plan, reason="Pak Budi sakit, hujan deras")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIBATALKAN
    _upcoming, recent = selectors.public_schedule(kelurahan=plan.kelurahan)
    assert [(p.judul, p.tidak_terlaksana, p.hadir) for p in recent] == [(plan.judul, True, None)]
    html = client.get(reverse("kegiatan:public-event", args=[plan.kelurahan_id, plan.pk]))
    assert html.status_code == 200
    assert 'data-testid="public-event-status"' in html.content.decode()
    assert "Pak Budi" not in html.content.decode()


def test_no_event_page_for_plans_the_schedule_does_not_show(client, world):
    cancelled = closed_execution_in(world.home_rt)
    cancelled.plan.status = PlanStatus.DIBATALKAN
    cancelled.plan.save()
    old = closed_execution_in(world.home_rt, days_ago=31)
    open_today = execution_in(world.home_rt)
    for pelaksanaan in (cancelled, old, open_today):
        assert client.get(event_url(pelaksanaan)).status_code == 404
    other = closed_execution_in(world.home_rt)
    wrong_kelurahan = reverse(
        "kegiatan:public-event", args=[world.foreign_rt[Role.LURAH].kelurahan_id, other.plan_id]
    )
    assert client.get(wrong_kelurahan).status_code == 404
    assert client.get(event_url(other)).status_code == 200


def test_the_event_page_reads_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    pelaksanaan, _sheet, (before, *_rows) = full_event(world)
    with django_assert_max_num_queries(8):
        assert client.get(event_url(pelaksanaan)).status_code == 200
    for _ in range(6):
        spot = documentation_in(pelaksanaan, jenis="sebelum", titik=None).titik
        documentation_in(pelaksanaan, jenis="sesudah", titik=spot)
    with django_assert_max_num_queries(8):
        assert client.get(event_url(pelaksanaan)).status_code == 200


def test_closed_executions_photos_follow_the_plan_status(world):
    """Closing is what publishes: the same photo before and after closing the execution."""
    lurah = world.users[Role.LURAH]
    pelaksanaan = execution_in(world.home_rt)
    row = documentation_in(pelaksanaan, jenis="sesudah")
    assert selectors.documentation_photo_is_public(row) is False
    services.pelaksanaan_close(user=lurah, plan=pelaksanaan.plan)
    pelaksanaan.refresh_from_db()
    assert pelaksanaan.status == PelaksanaanStatus.DITUTUP
    assert selectors.documentation_photo_is_public(row) is True
    assert timezone.localdate() - pelaksanaan.tanggal <= datetime.timedelta(days=30)
