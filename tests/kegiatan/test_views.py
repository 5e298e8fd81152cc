"""Stage 3 pages: the plan form (errors keep what was typed, double submit, prefilled
needs), detail and actions, the queue, the calendar, the feeds, the public schedule, and
query counts that do not grow with rows."""

import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kegiatan.calendar_feed import KECAMATAN, feed_token
from kegiatan.models import PlanEvent, PlanNeed, PlanSeries, PlanStatus, RencanaAksi
from sigoro import workdays
from sigoro.formats import tanggal
from sigoro.models import Role
from stakeholder.models import SupportRequest
from tests.kegiatan.factories import activity, next_weekday, plan_in, series_in, serving
from tests.permasalahan.factories import NeedFactory, ProblemFactory, VerifiedProblemFactory

pytestmark = pytest.mark.django_db

ZERO = datetime.timedelta(0)

CREATE = reverse("kegiatan:plan-create")


def form_data(rt, **extra):
    data = {
        "judul": "Kerja bakti got Gg. Melati",
        "tanggal": (timezone.localdate() + datetime.timedelta(days=4)).isoformat(),
        "jam_mulai": "07:00",
        "jam_selesai": "09:00",
        "jenis_kegiatan": [activity("normalisasi-drainase").pk],
        "target_warga": "30",
        "target_rt_rw": "3",
        "penanggung_jawab_nama": "Pak Rahmat",
        "penanggung_jawab_hp": "0812-3456-7890",
        "catatan": "Bawa karung",
        "idempotency_key": "key-1",
        "lokasi-TOTAL_FORMS": "3",
        "lokasi-INITIAL_FORMS": "0",
        "lokasi-MIN_NUM_FORMS": "1",
        "lokasi-MAX_NUM_FORMS": "30",
        "lokasi-0-rt": str(rt.pk),
        "lokasi-0-titik_kumpul": "Depan masjid",
        "kebutuhan-TOTAL_FORMS": "2",
        "kebutuhan-INITIAL_FORMS": "0",
        "kebutuhan-MIN_NUM_FORMS": "0",
        "kebutuhan-MAX_NUM_FORMS": "40",
        "kebutuhan-0-jenis": "alat",
        "kebutuhan-0-item": "Cangkul",
        "kebutuhan-0-jumlah": "12",
        "kebutuhan-0-satuan": "buah",
        "aksi": "simpan",
    }
    data.update(extra)
    return data


# -- the plan form --------------------------------------------------------------------------


def test_lurah_creates_a_draft_with_location_needs_and_targets(client, world):
    client.force_login(world.users[Role.LURAH])
    response = client.post(CREATE, form_data(world.home_rt))
    plan = RencanaAksi.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == PlanStatus.DRAFT
    assert (plan.target_total, plan.penanggung_jawab_hp) == (33, "6281234567890")
    assert [(loc.rt, loc.titik_kumpul) for loc in plan.lokasi.all()] == [
        (world.home_rt, "Depan masjid")
    ]
    assert [str(n) for n in plan.needs.all()] == ["12 buah Cangkul"]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Rencana Aksi disimpan sebagai draf." in page
    assert "Ajukan ke camat" in page and "0812-3456-7890" in page


def test_save_and_submit_in_one_go(client, world):
    client.force_login(world.users[Role.LURAH])
    client.post(CREATE, form_data(world.home_rt, aksi="ajukan"))
    plan = RencanaAksi.objects.get()
    assert plan.status == PlanStatus.DIAJUKAN
    assert list(plan.events.values_list("ke_status", flat=True)) == ["draft", "diajukan"]


def test_errors_are_indonesian_and_keep_what_was_typed(client, world):
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        CREATE, form_data(world.home_rt, jam_mulai="09:00", jam_selesai="08:00", judul="Got mampet")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Jam selesai harus sesudah jam mulai." in html
    assert 'value="Got mampet"' in html and 'value="Depan masjid"' in html
    assert 'value="Cangkul"' in html
    assert not RencanaAksi.objects.exists()


def test_a_past_date_is_refused_on_submit_but_saved_as_draft(client, world):
    client.force_login(world.users[Role.LURAH])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        CREATE, form_data(world.home_rt, tanggal=yesterday.isoformat(), aksi="ajukan")
    )
    html = response.content.decode()
    assert response.status_code == 400
    # The service's message, under the date field, with what was typed kept.
    date_field = html.split('id="div_id_tanggal"')[1].split('id="div_id_jam_mulai"')[0]
    assert f"Tanggal {tanggal(yesterday)} sudah lewat" in date_field
    assert f'value="{yesterday.isoformat()}"' in date_field and "is-invalid" in date_field
    assert not RencanaAksi.objects.exists()
    response = client.post(CREATE, form_data(world.home_rt, tanggal=yesterday.isoformat()))
    assert response.status_code == 302
    assert RencanaAksi.objects.get().status == PlanStatus.DRAFT


def test_a_refused_edit_and_submit_leaves_the_plan_unchanged(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DIKEMBALIKAN, judul="Kerja bakti lama")
    events = plan.events.count()
    client.force_login(world.users[Role.LURAH])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("kegiatan:plan-update", args=[plan.pk]),
        form_data(world.home_rt, judul="Judul baru", tanggal=yesterday, aksi="ajukan"),
    )
    assert response.status_code == 400
    assert 'value="Judul baru"' in response.content.decode()  # what was typed is kept
    plan.refresh_from_db()
    assert (plan.judul, plan.status) == ("Kerja bakti lama", PlanStatus.DIKEMBALIKAN)
    assert plan.events.count() == events


def test_the_plan_form_renders_through_crispy_with_required_marks_and_errors(client, world):
    client.force_login(world.users[Role.LURAH])
    html = client.get(CREATE).content.decode()
    judul = html.split('id="div_id_judul"')[1].split("</div>")[0]
    assert '<span class="asteriskField">*</span>' in judul and 'for="id_judul"' in judul
    rows = html.split('data-testid="location-row"')[1:]
    assert "asteriskField" in rows[0].split("titik_kumpul")[0]  # the first RT is required
    assert "asteriskField" not in rows[1].split("titik_kumpul")[0]  # a second one is not
    # ... but a second row with only a meeting point asks for its RT.
    response = client.post(
        CREATE, form_data(world.home_rt, **{"lokasi-1-titik_kumpul": "Pos ronda RW 001"})
    )
    second = response.content.decode().split('id="div_id_lokasi-1-rt"')[1].split("</select>")[1]
    assert response.status_code == 400 and "Bidang ini tidak boleh kosong." in second
    assert 'value="Pos ronda RW 001"' in response.content.decode()
    assert not RencanaAksi.objects.exists()


def test_double_submit_creates_one_plan(client, world):
    client.force_login(world.users[Role.LURAH])
    first = client.post(CREATE, form_data(world.home_rt))
    second = client.post(CREATE, form_data(world.home_rt))
    assert first["Location"] == second["Location"]
    assert RencanaAksi.objects.count() == 1


def test_the_form_has_a_fresh_idempotency_key_and_starts_at_seven(client, world):
    client.force_login(world.users[Role.LURAH])
    html = client.get(CREATE).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html)
    assert key is not None
    assert 'name="jam_mulai" value="07:00"' in html
    assert "RT 001 / RW 001" in html


def test_from_a_problem_the_form_starts_with_it_and_its_needs(client, world):
    problem = VerifiedProblemFactory(rt=world.home_rt, alamat="Gg. Kenanga")
    NeedFactory(problem=problem, item="Karung", jumlah=40, satuan="buah")
    client.force_login(world.users[Role.LURAH])
    html = client.get(CREATE + f"?masalah={problem.kode}").content.decode()
    ticked = re.findall(r'<input type="checkbox"[^>]*name="problems"[^>]*>', html)
    assert len(ticked) == 1 and f'value="{problem.pk}"' in ticked[0] and "checked" in ticked[0]
    assert 'value="Karung"' in html and 'value="40"' in html
    assert 'value="Gg. Kenanga"' in html


def test_adding_the_needs_of_ticked_problems_saves_nothing(client, world):
    problem = VerifiedProblemFactory(rt=world.home_rt)
    NeedFactory(problem=problem, item="Karung", jumlah=40, satuan="buah")
    NeedFactory(problem=problem, jenis="alat", item="Cangkul", jumlah=5, satuan="buah")
    client.force_login(world.users[Role.LURAH])
    response = client.post(
        CREATE,
        form_data(world.home_rt, judul="", problems=[problem.pk], aksi="isi-kebutuhan"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kebutuhan dari permasalahan yang dipilih sudah ditambahkan" in html
    assert 'value="Karung"' in html and 'value="40"' in html
    assert html.count('value="Cangkul"') == 1  # already typed: not added twice
    assert "Kolom ini harus diisi" not in html  # no errors shown for the empty title
    assert not RencanaAksi.objects.exists()


def test_a_reported_problem_cannot_be_chosen(client, world):
    reported = ProblemFactory(rt=world.home_rt)
    client.force_login(world.users[Role.LURAH])
    response = client.post(CREATE, form_data(world.home_rt, problems=[reported.pk]))
    assert response.status_code == 400
    assert not RencanaAksi.objects.exists()


def test_rt_head_can_only_save_a_proposal(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    html = client.get(CREATE).content.decode()
    assert "Simpan usulan" in html and "Simpan dan ajukan ke camat" not in html
    client.post(CREATE, form_data(world.home_rt, aksi="ajukan"))
    assert RencanaAksi.objects.get().status == PlanStatus.DRAFT  # "ajukan" is ignored


def test_a_conflict_is_a_warning_not_a_refusal(client, world):
    other = plan_in(world.home_rt, tanggal=timezone.localdate() + datetime.timedelta(days=4),
                    judul="Jumat Bersih RW 001")  # fmt: skip
    client.force_login(world.users[Role.LURAH])
    response = client.post(CREATE, form_data(world.home_rt, jam_mulai="08:00", jam_selesai="10:00"))
    plan = RencanaAksi.objects.exclude(pk=other.pk).get()
    html = client.get(response["Location"]).content.decode()
    assert "Perhatian: ada rencana lain di RT yang sama" in html
    assert 'data-testid="conflicts"' in html and "Jumat Bersih RW 001" in html
    edit = client.get(reverse("kegiatan:plan-update", args=[plan.pk])).content.decode()
    assert 'data-testid="conflicts"' in edit


# -- detail and actions ---------------------------------------------------------------------


def test_camat_returns_with_a_note_and_the_lurah_sees_it(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    client.force_login(world.users[Role.CAMAT])
    url = reverse("kegiatan:plan-return", args=[plan.pk])
    empty = client.post(url, {"kembalikan-catatan": ""})
    assert empty.status_code == 400
    assert "Tuliskan apa yang perlu diperbaiki kelurahan." in empty.content.decode()
    client.post(url, {"kembalikan-catatan": "Jam mulai terlalu siang"})
    client.force_login(world.users[Role.LURAH])
    html = client.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="return-note"' in html and "Jam mulai terlalu siang" in html
    assert reverse("kegiatan:plan-update", args=[plan.pk]) in html


def test_submitting_a_past_plan_from_the_detail_page_explains_why(client, world):
    plan = plan_in(world.home_rt, tanggal=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(world.users[Role.LURAH])
    response = client.post(reverse("kegiatan:plan-submit", args=[plan.pk]))
    assert response.status_code == 400
    assert "sudah lewat" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_an_approved_plan_is_not_editable(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI)
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("kegiatan:plan-update", args=[plan.pk]), follow=True)
    assert "tidak bisa diubah lagi" in response.content.decode()


def test_the_timeline_shows_who_did_what(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN)
    PlanEvent.objects.create(
        plan=plan, dari_status="draft", ke_status="diajukan", oleh=world.users[Role.LURAH]
    )
    client.force_login(world.users[Role.CAMAT])
    html = client.get(plan.get_absolute_url()).content.decode()
    timeline = html.split('data-testid="timeline"')[1]
    assert "draf → diajukan" in timeline and str(world.users[Role.LURAH]) in timeline
    assert "Setujui rencana" in html and "Kembalikan dengan catatan ini" in html


def test_queue_and_bulk_approve(client, world):
    plans = [plan_in(world.home_rt, status=PlanStatus.DIAJUKAN) for _ in range(2)]
    foreign = plan_in(world.other_kecamatan_rt, status=PlanStatus.DIAJUKAN)
    client.force_login(world.users[Role.CAMAT])
    html = client.get(reverse("kegiatan:plan-queue")).content.decode()
    assert "2 Rencana Aksi diajukan kelurahan" in html
    response = client.post(
        reverse("kegiatan:plan-approve-many"), {"rencana": [p.pk for p in plans] + [foreign.pk]}
    )
    assert response.status_code == 302
    assert set(RencanaAksi.objects.values_list("status", flat=True)) == {"disetujui", "diajukan"}
    foreign.refresh_from_db()
    assert foreign.status == PlanStatus.DIAJUKAN  # another kecamatan's plan is ignored
    html = client.get(reverse("kegiatan:plan-queue")).content.decode()
    assert "Tidak ada yang menunggu persetujuan Anda." in html


# -- calendar -------------------------------------------------------------------------------


def test_month_calendar_grid_and_phone_day_list(client, world):
    day = datetime.date(2026, 12, 4)
    plan_in(world.home_rt, tanggal=day, judul="Jumat Bersih RW 001")
    plan_in(world.home_rt, tanggal=day, judul="Dibatalkan", status=PlanStatus.DIBATALKAN)
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("kegiatan:plan-calendar") + "?bulan=2026-12").content.decode()
    assert "Desember 2026" in html
    grid = html.split('data-testid="calendar-month"')[1].split("</table>")[0]
    day_list = html.split('data-testid="calendar-day-list"')[1]
    assert "Jumat Bersih RW 001" in grid and "Jumat Bersih RW 001" in day_list
    assert "Jumat, 4 Desember 2026" in day_list
    assert "Dibatalkan" not in grid
    assert grid.count("<tr>") == 6  # 5 weeks plus the header row


def test_week_calendar_and_bad_parameters_fall_back(client, world):
    plan_in(world.home_rt, tanggal=datetime.date(2026, 12, 4), judul="Jumat Bersih")
    client.force_login(world.users[Role.KETUA_RT])
    url = reverse("kegiatan:plan-calendar")
    html = client.get(url + "?tampilan=minggu&tanggal=2026-12-02").content.decode()
    assert "30 November 2026 – 6 Desember 2026" in html and "Jumat Bersih" in html
    assert client.get(url + "?bulan=2026-13&tanggal=kemarin").status_code == 200
    assert 'data-testid="feed"' not in html  # an RT head gets no kelurahan feed


def test_the_lurah_gets_the_feed_address_the_camat_after_choosing(client, world):
    kelurahan = world.home_rt.kelurahan
    token = feed_token(kelurahan.pk)
    client.force_login(world.users[Role.LURAH])
    assert token in client.get(reverse("kegiatan:plan-calendar")).content.decode()
    client.force_login(world.users[Role.CAMAT])
    url = reverse("kegiatan:plan-calendar")
    assert token not in client.get(url).content.decode()
    assert token in client.get(url + f"?kelurahan={kelurahan.pk}").content.decode()


# -- feeds ----------------------------------------------------------------------------------


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> dict[str, icalendar.Event]:
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_staff_feed_is_valid_icalendar(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, tanggal=datetime.date(2026, 12, 4),
                   judul="Jumat Bersih; RW 001, Gg. Melati")  # fmt: skip
    waiting = plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, judul="Menunggu")
    plan_in(world.home_rt, status=PlanStatus.DRAFT, judul="Masih draf")
    kelurahan = world.home_rt.kelurahan
    url = reverse("kegiatan:plan-ics", args=[kelurahan.pk, feed_token(kelurahan.pk)])
    response = client.get(url)  # no session
    body = response.content
    assert body.endswith(b"\r\n") and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = parse(response)
    assert calendar["x-wr-calname"] == "SIGORO · Kelurahan Ampui"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    found = events(calendar)
    assert set(found) == {"Jumat Bersih; RW 001, Gg. Melati", "Menunggu (menunggu persetujuan)"}
    event = found["Jumat Bersih; RW 001, Gg. Melati"]
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.isoformat() == "2026-12-04T07:00:00+07:00"
    assert end.isoformat() == "2026-12-04T09:00:00+07:00"
    assert event["dtstart"].params["TZID"] == "Asia/Jakarta"
    assert event["uid"] == f"rencana-aksi-{plan.pk}@testserver"
    assert event["status"] == "CONFIRMED" and event.decoded("dtstamp").utcoffset() == ZERO
    assert event["url"] == f"http://testserver{plan.get_absolute_url()}"
    assert event["location"] == "RT 001 / RW 001 · Depan Musala Al-Ikhlas – Kelurahan Ampui"
    assert "Penanggung jawab: Pak Rahmat (0812-3456-7890)" in event["description"]
    assert found["Menunggu (menunggu persetujuan)"]["status"] == "TENTATIVE"
    # Stable: the same UID again on the next fetch.
    again = events(parse(client.get(url)))["Menunggu (menunggu persetujuan)"]
    assert again["uid"] == f"rencana-aksi-{waiting.pk}@testserver"


def test_staff_feed_needs_the_right_token(client, world):
    kelurahan = world.home_rt.kelurahan
    other = world.foreign_rt[Role.LURAH].kelurahan
    wrong = reverse("kegiatan:plan-ics", args=[kelurahan.pk, feed_token(other.pk)])
    assert client.get(wrong).status_code == 404
    assert (
        client.get(reverse("kegiatan:plan-ics", args=[kelurahan.pk, "x" * 32])).status_code == 404
    )


def kecamatan_feed(kecamatan, token_of=None) -> str:
    token = feed_token((token_of or kecamatan).pk, KECAMATAN)
    return reverse("kegiatan:plan-ics-kecamatan", args=[kecamatan.pk, token])


def test_kecamatan_feed_holds_every_kelurahan_of_the_kecamatan(client, world):
    home = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, judul="Ampui",
                   tanggal=datetime.date(2026, 12, 4))  # fmt: skip
    plan_in(world.foreign_rt[Role.LURAH], status=PlanStatus.DIAJUKAN, judul="Ketapang")
    plan_in(world.other_kecamatan_rt, status=PlanStatus.DISETUJUI, judul="Gerunggang")
    kecamatan = world.home_rt.kelurahan.kecamatan
    calendar = parse(client.get(kecamatan_feed(kecamatan)))
    assert calendar["x-wr-calname"] == "SIGORO · Kecamatan Pangkalbalam"
    found = events(calendar)
    assert set(found) == {"Ampui", "Ketapang (menunggu persetujuan)"}
    assert found["Ampui"]["uid"] == f"rencana-aksi-{home.pk}@testserver"
    assert found["Ampui"].decoded("dtstart").isoformat() == "2026-12-04T07:00:00+07:00"
    assert found["Ketapang (menunggu persetujuan)"]["location"].endswith("Kelurahan Ketapang")


def test_kecamatan_feed_of_another_area_or_with_a_kelurahan_token_is_404(client, world):
    kecamatan = world.home_rt.kelurahan.kecamatan
    other = world.other_kecamatan_rt.kelurahan.kecamatan
    assert client.get(kecamatan_feed(kecamatan, token_of=other)).status_code == 404
    kelurahan_token = feed_token(kecamatan.pk)  # the same id, the kelurahan scheme
    url = reverse("kegiatan:plan-ics-kecamatan", args=[kecamatan.pk, kelurahan_token])
    assert client.get(url).status_code == 404
    assert client.get(kecamatan_feed(kecamatan)).status_code == 200


def test_the_camat_gets_the_kecamatan_feed_the_lurah_does_not(client, world):
    kecamatan = world.home_rt.kelurahan.kecamatan
    address = kecamatan_feed(kecamatan)
    client.force_login(world.users[Role.CAMAT])
    html = client.get(reverse("kegiatan:plan-calendar")).content.decode()
    assert address in html and "Kecamatan Pangkalbalam" in html.split('data-testid="feed"')[1]
    client.force_login(world.users[Role.LURAH])
    assert address not in client.get(reverse("kegiatan:plan-calendar")).content.decode()


def test_public_feed_has_approved_plans_without_personal_data(client, world):
    plan_in(world.home_rt, status=PlanStatus.DISETUJUI, judul="Kerja bakti")
    plan_in(world.home_rt, status=PlanStatus.DIAJUKAN, judul="Menunggu")
    response = client.get(
        reverse("kegiatan:public-schedule-ics", args=[world.home_rt.kelurahan_id])
    )
    found = events(parse(response))
    assert set(found) == {"Kerja bakti"}
    text = response.content.decode()
    assert "Pak Rahmat" not in text and "0812" not in text and "karung" not in text.lower()


# -- public schedule ------------------------------------------------------------------------


def test_public_schedule_never_shows_drafts_or_personal_data(client, world):
    for status in PlanStatus.values:
        plan_in(world.home_rt, status=status, judul=f"Rencana {status}")
    response = client.get(reverse("kegiatan:public-schedule", args=[world.home_rt.kelurahan_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rencana disetujui" in html
    for hidden in ("draft", "diajukan", "dikembalikan", "dibatalkan", "terlaksana"):
        assert f"Rencana {hidden}" not in html  # terlaksana: a week ahead, not yet "recent"
    assert "Pak Rahmat" not in html and "0812" not in html and "Bawa karung" not in html
    assert "RT 001 / RW 001 · Depan Musala Al-Ikhlas" in html
    index = client.get(reverse("kegiatan:public-schedule-index")).content.decode()
    assert "1 mendatang" in index


def test_public_schedule_of_an_unknown_kelurahan_is_404(client, world):
    assert client.get(reverse("kegiatan:public-schedule", args=[999999])).status_code == 404


def test_public_menu_links_the_schedule(client, world):
    # follow: the report form first redirects to its address with a one-time key
    html = client.get(reverse("permasalahan:report"), follow=True).content.decode()
    assert reverse("kegiatan:public-schedule-index") in html and "Jadwal" in html


# -- recurring schedules --------------------------------------------------------------------


def series_form(rt, **extra):
    data = {
        "judul": "Jumat Bersih RW 001",
        "pola": "mingguan",
        "hari": "4",
        "minggu_ke": "",
        "jam_mulai": "07:00",
        "jam_selesai": "09:00",
        "mulai": timezone.localdate().isoformat(),
        "minggu_ke_depan": "4",
        "rts": [rt.pk],
        "titik_kumpul": "Pos ronda",
        "jenis_kegiatan": [activity().pk],
        "target_warga": "20",
        "idempotency_key": "s-1",
        "aktif": "on",
    }
    data.update(extra)
    return data


def test_series_form_generates_plans_and_edit_asks_about_future_ones(client, world):
    client.force_login(world.users[Role.LURAH])
    response = client.post(reverse("kegiatan:series-create"), series_form(world.home_rt))
    series = PlanSeries.objects.get()
    assert response["Location"] == series.get_absolute_url()
    # The Fridays of the coming 4 weeks (the form's window), but public holidays.
    today = timezone.localdate()
    fridays = [d for d in (today + datetime.timedelta(n) for n in range(28)) if d.weekday() == 4]
    holidays = workdays.holidays_between(today, today + datetime.timedelta(28))
    expected = [d for d in fridays if d not in holidays]
    made = series.occurrences.order_by("tanggal").values_list("tanggal", flat=True)
    assert list(made) == expected
    again = client.post(reverse("kegiatan:series-create"), series_form(world.home_rt))
    assert again["Location"] == series.get_absolute_url() and PlanSeries.objects.count() == 1
    detail = client.get(series.get_absolute_url()).content.decode()
    assert "Setiap Jumat" in detail and f"{len(expected)} rencana dibuat" in detail
    edit_url = reverse("kegiatan:series-update", args=[series.pk])
    assert 'data-testid="apply-choice"' in client.get(edit_url).content.decode()
    client.post(edit_url, series_form(world.home_rt, jam_mulai="07:30", terapkan="semua"))
    assert set(series.occurrences.values_list("jam_mulai", flat=True)) == {datetime.time(7, 30)}
    monthly = client.post(edit_url, series_form(world.home_rt, pola="bulanan", terapkan="semua"))
    assert monthly.status_code == 400
    assert "Pilih minggu keberapa dalam bulan." in monthly.content.decode()


def test_skip_form_errors_are_shown(client, world):
    series = series_in(world.home_rt)
    client.force_login(world.users[Role.LURAH])
    url = reverse("kegiatan:series-skip", args=[series.pk])
    thursday = next_weekday(3).isoformat()
    response = client.post(url, {"tanggal": thursday, "alasan": "Rapat"})
    assert response.status_code == 400
    assert "bukan salah satu tanggal jadwal ini" in response.content.decode()


# -- query counts ---------------------------------------------------------------------------


def many_plans(rt, n, **fields):
    for i in range(n):
        plan_in(rt, tanggal=timezone.localdate() + datetime.timedelta(days=1 + i % 20), **fields)


@pytest.mark.parametrize(
    ("name", "status", "query"),
    [
        ("kegiatan:plan-list", PlanStatus.DRAFT, ""),
        ("kegiatan:plan-queue", PlanStatus.DIAJUKAN, ""),
        ("kegiatan:plan-calendar", PlanStatus.DISETUJUI, ""),
        ("kegiatan:plan-calendar", PlanStatus.DISETUJUI, "?tampilan=minggu"),
    ],
)
def test_query_count_does_not_grow_with_plans(
    client, world, name, status, query, django_assert_max_num_queries
):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    many_plans(world.home_rt, 3, status=status)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name) + query).status_code == 200
    sibling = world.foreign_rt[Role.KETUA_RT]
    many_plans(world.home_rt, 60, status=status, rts=[sibling])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name) + query).status_code == 200
    with django_assert_max_num_queries(15):
        client.get(reverse(name) + query)


def test_plan_detail_query_count_is_bounded(client, world, django_assert_max_num_queries):
    small = plan_in(world.home_rt)
    small.problems.add(VerifiedProblemFactory(rt=world.home_rt))
    big = plan_in(world.home_rt, rts=[world.foreign_rt[Role.KETUA_RT]])
    for _ in range(8):
        PlanEvent.objects.create(plan=big, catatan="catatan", oleh=world.users[Role.LURAH])
        big.problems.add(VerifiedProblemFactory(rt=world.home_rt))
    client.force_login(world.users[Role.LURAH])
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(big.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        client.get(big.get_absolute_url())


def test_a_stakeholder_contact_sees_the_plan_it_is_invited_to_without_actions(client, world):
    invited = plan_in(
        world.home_rt, status=PlanStatus.DIAJUKAN, judul="Kerja bakti bersama Koramil"
    )
    other = plan_in(world.home_rt, invite=False)
    client.force_login(world.users[Role.STAKEHOLDER])
    html = client.get(invited.get_absolute_url()).content.decode()
    assert "Kerja bakti bersama Koramil" in html and "Koramil Pangkalbalam" in html
    assert "Setujui rencana" not in html and "Ubah rencana" not in html
    assert client.get(other.get_absolute_url()).status_code == 404
    listed = client.get(reverse("kegiatan:plan-list") + "?waktu=semua").content.decode()
    assert invited.get_absolute_url() in listed and other.get_absolute_url() not in listed


# -- asking stakeholders for support from a plan -----------------------------------------------


def shown_as_post(form, formset=None) -> dict:
    """What a person sends who presses Save on the page as shown (prefilled values kept)."""
    data = {}
    for form_ in [form, *(formset.forms if formset is not None else [])]:
        for bound in form_:
            if bound.field.disabled:
                continue
            value = bound.value()
            if value in (None, False):
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [getattr(v, "pk", v) for v in value]
            elif isinstance(value, datetime.date):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)
    if formset is not None:
        for bound in formset.management_form:
            data[bound.html_name] = str(bound.value())
    return data


def test_support_request_from_a_plan_carries_its_needs_stakeholders_and_links_back(client, world):
    plan = plan_in(world.home_rt, judul="Kerja bakti got Gg. Melati")  # invites Koramil
    PlanNeed.objects.create(plan=plan, jenis="alat", item="Cangkul", jumlah=12, satuan="buah")
    PlanNeed.objects.create(
        plan=plan, jenis="konsumsi", item="Nasi kotak", jumlah=40, satuan="kotak"
    )
    problem = VerifiedProblemFactory(rt=world.home_rt)
    plan.problems.add(problem)
    client.force_login(world.users[Role.LURAH])
    detail = client.get(plan.get_absolute_url()).content.decode()
    url = reverse("kegiatan:plan-request-support", args=[plan.pk])
    assert url in detail and "Minta dukungan stakeholder" in detail

    page = client.get(url)
    html = page.content.decode()
    assert 'value="Cangkul"' in html and 'value="Nasi kotak"' in html
    assert "Dukungan untuk Kerja bakti got Gg. Melati" in html
    data = shown_as_post(page.context["form"], page.context["items"])
    response = client.post(url, data)
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == support_request.get_absolute_url()
    assert [(i.jenis, i.item, i.jumlah, i.satuan) for i in support_request.items.all()] == [
        ("alat", "Cangkul", 12, "buah"),
        ("konsumsi", "Nasi kotak", 40, "kotak"),
    ]
    assert {r.stakeholder.nama for r in support_request.recipients.all()} == {
        "Koramil Pangkalbalam"
    }
    assert support_request.kelurahan == plan.kelurahan
    assert list(support_request.problems.all()) == [problem]
    assert list(plan.support_requests.all()) == [support_request]
    # A second press of Save makes no second request.
    client.post(url, data)
    assert SupportRequest.objects.count() == 1 and plan.support_requests.count() == 1

    # The request links back to the plan; the plan lists the request and its pledge state.
    request_page = client.get(support_request.get_absolute_url()).content.decode()
    links = request_page.split('data-testid="request-links"')[1].split("</ul>")[0]
    assert plan.get_absolute_url() in links and "Kerja bakti got Gg. Melati" in links
    detail = client.get(plan.get_absolute_url()).content.decode()
    listed = detail.split('data-testid="support-requests"')[1].split("</ul>")[0]
    assert support_request.get_absolute_url() in listed and "2 belum dijawab" in listed


def test_support_request_of_another_kelurahans_plan_is_not_found(client, world):
    foreign = plan_in(world.foreign_rt[Role.LURAH])
    client.force_login(world.users[Role.LURAH])
    url = reverse("kegiatan:plan-request-support", args=[foreign.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"perihal": "Dukungan"}).status_code == 404
    assert not SupportRequest.objects.exists()


def test_the_request_page_links_only_plans_the_user_may_open(client, world):
    plan = plan_in(world.home_rt, invite=False)
    lurah = world.users[Role.LURAH]
    client.force_login(lurah)
    page = client.get(reverse("kegiatan:plan-request-support", args=[plan.pk]))
    data = shown_as_post(page.context["form"], page.context["items"])
    data.update(
        {"stakeholders": [serving(world.home_rt.kelurahan).get().pk]},
        **{"baris-0-jenis": "alat", "baris-0-item": "Sapu", "baris-0-jumlah": "5"},
        **{"baris-0-satuan": "buah"},
    )
    client.post(reverse("kegiatan:plan-request-support", args=[plan.pk]), data)
    support_request = SupportRequest.objects.get()
    # The contact of the stakeholder asked sees the request, but not the plan (not invited).
    client.force_login(world.users[Role.STAKEHOLDER])
    html = client.get(support_request.get_absolute_url()).content.decode()
    assert 'data-testid="request-links"' not in html and plan.get_absolute_url() not in html


def test_no_support_is_asked_for_a_cancelled_plan(client, world):
    plan = plan_in(world.home_rt, status=PlanStatus.DIBATALKAN)
    client.force_login(world.users[Role.LURAH])
    response = client.get(reverse("kegiatan:plan-request-support", args=[plan.pk]), follow=True)
    assert "Dukungan tidak lagi diminta untuk rencana yang dibatalkan." in (
        response.content.decode()
    )


# -- the home page lists each role's coming activities ---------------------------------------


def upcoming_titles(html: str) -> list[str]:
    if 'data-testid="upcoming"' not in html:
        return []
    block = html.split('data-testid="upcoming"')[1].split("</section>")[0]
    return re.findall(r'class="fw-semibold me-1"[^>]*>([^<]+)<', block)


@pytest.fixture
def coming(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    approved = PlanStatus.DISETUJUI
    plan_in(world.home_rt, status=approved, judul="Di RT saya")
    plan_in(world.foreign_rt[Role.KETUA_RT], status=approved, judul="RT sebelah")
    plan_in(world.foreign_rt[Role.KETUA_RW], status=approved, judul="RW lain")
    plan_in(world.foreign_rt[Role.LURAH], status=PlanStatus.DIAJUKAN, judul="Kelurahan lain")
    plan_in(world.other_kecamatan_rt, status=approved, judul="Kecamatan lain")
    plan_in(world.home_rt, status=PlanStatus.DRAFT, judul="Masih draf")
    plan_in(world.home_rt, status=approved, judul="Sudah lewat", tanggal=yesterday)
    plan_in(world.home_rt, status=PlanStatus.DIBATALKAN, judul="Dibatalkan")


A1 = ["Di RT saya", "RT sebelah", "RW lain"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.KETUA_RT, ["Di RT saya"]),
        (Role.KETUA_RW, ["Di RT saya", "RT sebelah"]),
        (Role.LURAH, A1),
        (Role.CAMAT, [*A1, "Kelurahan lain"]),
        (Role.ADMIN_KECAMATAN, [*A1, "Kelurahan lain"]),
        (Role.STAKEHOLDER, A1),  # the plans its organisation is invited to
    ],
)
def test_home_lists_the_coming_activities_of_the_users_area(client, world, coming, role, expected):
    client.force_login(world.users[role])
    html = client.get(reverse("home")).content.decode()
    assert sorted(upcoming_titles(html)) == sorted(expected)
    assert "Kegiatan mendatang" in html


def test_an_rt_head_sees_the_plan_in_its_rt_and_the_one_it_is_in_charge_of(client, world):
    rt_head = world.users[Role.KETUA_RT]
    mine = plan_in(world.home_rt, status=PlanStatus.DISETUJUI, judul="Jumat Bersih RT 001",
                   tanggal=timezone.localdate() + datetime.timedelta(days=2))  # fmt: skip
    elsewhere = plan_in(world.foreign_rt[Role.KETUA_RT], status=PlanStatus.DIAJUKAN,
                        judul="Kerja bakti RT 002", penanggung_jawab=rt_head)  # fmt: skip
    plan_in(world.foreign_rt[Role.KETUA_RT], status=PlanStatus.DISETUJUI, judul="RT 002 saja")
    client.force_login(rt_head)
    html = client.get(reverse("home")).content.decode()
    assert upcoming_titles(html) == ["Jumat Bersih RT 001", "Kerja bakti RT 002"]
    block = html.split('data-testid="upcoming"')[1].split("</section>")[0]
    assert mine.get_absolute_url() in block and "disetujui" in block
    assert tanggal(mine.tanggal) in block and "07.00–09.00 WIB" in block
    assert "Ampui · RT 001 / RW 001 · Depan Musala Al-Ikhlas" in block
    # In charge of it, but it lies outside the RT head's area: listed, not linked.
    assert elsewhere.get_absolute_url() not in block and "diajukan" in block


# The home page of an RT head: session and user, the area figures and to-do lists of each
# stage (stage 4: one, the attendance not recorded yet), and two queries for the coming
# activities, and the unread count of the notification bell.
HOME_QUERIES = 12


def test_home_query_count_does_not_grow_with_plans(client, world, django_assert_max_num_queries):
    client.force_login(world.users[Role.KETUA_RT])
    plan_in(world.home_rt, status=PlanStatus.DISETUJUI)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("home")).status_code == 200
    many_plans(world.home_rt, 30, status=PlanStatus.DISETUJUI)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("home")).content.decode()
    assert len(upcoming_titles(html)) == 5
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
