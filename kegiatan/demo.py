"""Demo data for stage 3: a Jumat Bersih schedule per kelurahan (every Friday 07.00-09.00 in
one RW, its first two dates approved) and one-off Rencana Aksi in every state, some
addressing the demo problems, one clashing with Jumat Bersih.

Built with the real services, by the demo accounts. Idempotent: schedules and plans carry
an idempotency key ("demo-..."); existing ones are skipped whole, so a second run writes
nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from kegiatan import services as services
from kegiatan.models import ActivityType, PlanSeries, PlanStatus, RencanaAksi
from permasalahan.models import Problem, Status
from permasalahan.services import NeedRow
from sigoro.models import RT, Kecamatan, Role, User

# The RW of each kelurahan that holds its Jumat Bersih (Ampui: the demo RW head's RW 002).
JUMAT_BERSIH_RW = {"Ampui": 2}
JUMAT_BERSIH_WEEKS = 8
APPROVED_OCCURRENCES = 2
# How many weeks ago each kelurahan's schedule started (Ampui first, the others joined
# later): their past Fridays were approved and held (their execution records come
# from ``kegiatan.demo_execution``).
PAST_WEEKS = {"Ampui": 13, "Ketapang": 8, "Pasir Garam": 4, "Lontong Pancur": 4, "Rejosari": 4}


def _types(*slugs) -> list[ActivityType]:
    found = {t.slug: t for t in ActivityType.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def _next_friday(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=(4 - today.weekday()) % 7 or 7)


def load_series(kecamatan: Kecamatan, *, lurah, admin, approver, today) -> None:
    for kelurahan in kecamatan.kelurahan_set.order_by("nama"):
        actor = lurah if lurah is not None and lurah.kelurahan_id == kelurahan.pk else admin
        key = f"demo-series-{kelurahan.pk}"
        if PlanSeries.objects.filter(idempotency_key=key).exists():
            continue
        rw_number = JUMAT_BERSIH_RW.get(kelurahan.nama, 1)
        rts = list(
            RT.objects.filter(kelurahan=kelurahan, rw__nomor=rw_number)
            .select_related("rw", "kelurahan")
            .order_by("nomor")
        )
        if not rts:
            continue
        data = services.SeriesData(
            judul=f"Jumat Bersih RW {rw_number:03d}",
            pola="mingguan",
            hari=4,
            jam_mulai=datetime.time(7),
            jam_selesai=datetime.time(9),
            mulai=_next_friday(
                today - datetime.timedelta(weeks=PAST_WEEKS.get(kelurahan.nama, 6), days=1)
            ),
            minggu_ke_depan=JUMAT_BERSIH_WEEKS,
            rts=rts,
            titik_kumpul=f"Pos ronda RW {rw_number:03d}",
            jenis_kegiatan=_types("pembersihan-lingkungan", "pengelolaan-sampah"),
            targets={
                "target_warga": 10 * len(rts),
                "target_rt_rw": len(rts) + 1,
                "target_kelurahan": 3,
            },
            penanggung_jawab_nama=f"Ketua RW {rw_number:03d} {kelurahan.nama}",
            catatan="Bawa sapu, cangkul dan karung dari rumah masing-masing.",
        )
        with transaction.atomic():
            series = _run_series_since(
                data.mulai, key=key, data=data, actor=actor, approver=approver
            )
            services.series_generate(user=actor, series=series, today=today)
            upcoming = series.occurrences.filter(tanggal__gte=today).order_by("tanggal")
            for plan in upcoming[:APPROVED_OCCURRENCES]:
                services.plan_submit(user=actor, plan=plan, today=today)
                services.plan_approve(user=approver, plan=plan, note="Lanjutkan.")


def _run_series_since(first: datetime.date, *, key, data, actor, approver) -> PlanSeries:
    """Replay the schedule's past weeks as they happened: created on the Monday before its
    first Friday, each week's occurrences generated (the daily job) and the coming Friday
    submitted on its Monday and approved by the camat."""
    today = timezone.localdate()
    created = first - datetime.timedelta(days=4)
    series = services.series_create(user=actor, data=data, idempotency_key=key, today=created)
    monday = created
    while monday < today:
        services.series_generate(user=actor, series=series, today=monday)
        friday = monday + datetime.timedelta(days=4)
        plan = series.occurrences.filter(tanggal=friday, status=PlanStatus.DRAFT).first()
        if plan is not None and friday < today:
            services.plan_submit(user=actor, plan=plan, today=monday)
            services.plan_approve(user=approver, plan=plan, note="Lanjutkan.")
            _backdate_moves(plan, submitted=monday)
        monday += datetime.timedelta(weeks=1)
    return series


def _backdate_moves(plan: RencanaAksi, *, submitted: datetime.date) -> None:
    """Put a replayed plan's submission (Monday 10.00) and approval (Tuesday 09.00) on the
    days they happened."""
    sent = timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(10)))
    approved = sent + datetime.timedelta(hours=23)
    RencanaAksi.objects.filter(pk=plan.pk).update(diajukan_pada=sent, disetujui_pada=approved)
    plan.events.filter(ke_status=PlanStatus.DIAJUKAN).update(waktu=sent)
    plan.events.filter(ke_status=PlanStatus.DISETUJUI).update(waktu=approved)
    plan.events.filter(ke_status=PlanStatus.DRAFT).update(waktu=sent - datetime.timedelta(days=7))


def _rt(kecamatan, kelurahan: str, rw: int, rt: int) -> RT | None:
    return (
        RT.objects.filter(
            kelurahan__kecamatan=kecamatan, kelurahan__nama=kelurahan, rw__nomor=rw, nomor=rt
        )
        .select_related("rw", "kelurahan")
        .first()
    )


def _verified_problem(kecamatan, kelurahan: str) -> Problem | None:
    return (
        Problem.objects.filter(
            kelurahan__kecamatan=kecamatan, kelurahan__nama=kelurahan, status=Status.DIVERIFIKASI
        )
        .order_by("kode")
        .first()
    )


# (key, kelurahan, (rw, rt), title, days ahead, start hour, activity types, final state)
ONE_OFF = [
    (
        1,
        "Ampui",
        (1, 1),
        "Normalisasi drainase Gg. Melati",
        10,
        7,
        ["normalisasi-drainase"],
        "draft",
    ),
    (
        2,
        "Ampui",
        (2, 3),
        "Usulan kerja bakti RT 003",
        12,
        7,
        ["pembersihan-lingkungan"],
        "usulan",
    ),
    (
        3,
        "Ketapang",
        (1, 2),
        "Penghijauan tepi Jl. Yos Sudarso",
        9,
        7,
        ["penghijauan"],
        "diajukan",
    ),
    (
        4,
        "Ampui",
        (1, 2),
        "Penataan taman bermain RW 001",
        16,
        8,
        ["penataan-fasilitas-umum"],
        "dikembalikan",
    ),
    (
        5,
        "Pasir Garam",
        (1, 1),
        "Bersihkan TPS liar Jl. Depati Hamzah",
        5,
        7,
        ["pengelolaan-sampah"],
        "disetujui",
    ),
    (
        6,
        "Rejosari",
        (1, 1),
        "Kerja bakti got Jl. Kenanga",
        -6,
        7,
        ["normalisasi-drainase"],
        "terlaksana",
    ),
    (
        7,
        "Lontong Pancur",
        (1, 1),
        "Bank sampah keliling RW 001",
        3,
        15,
        ["pengelolaan-sampah"],
        "dibatalkan",
    ),
    (
        8,
        "Ampui",
        (2, 1),
        "Senam dan bersih lapangan voli RW 002",
        None,
        8,
        ["lainnya"],
        "diajukan",
    ),
]


def load_one_off_plans(kecamatan: Kecamatan, *, lurah, admin, camat, rt_head, today) -> None:
    for n, kelurahan, (rw, rt_number), title, days, hour, types, state in ONE_OFF:
        key = f"demo-plan-{n}"
        if RencanaAksi.objects.filter(idempotency_key=key).exists():
            continue
        rt = _rt(kecamatan, kelurahan, rw, rt_number)
        if rt is None:
            continue
        # Plan 8 clashes with the first Jumat Bersih of RW 002 Ampui (07.00-09.00).
        day = _next_friday(today) if days is None else today + datetime.timedelta(days=days)
        office = lurah if lurah is not None and lurah.kelurahan_id == rt.kelurahan_id else admin
        actor = rt_head if state == "usulan" else office
        problem = _verified_problem(kecamatan, kelurahan) if n in (1, 5) else None
        data = services.PlanData(
            judul=title,
            tanggal=max(day, today + datetime.timedelta(days=1)),
            jam_mulai=datetime.time(hour),
            jam_selesai=datetime.time(hour + 2),
            lokasi=[services.LocationRow(rt=rt, titik_kumpul=problem.alamat if problem else "")],
            jenis_kegiatan=_types(*types),
            problems=[problem] if problem else [],
            needs=[
                NeedRow(jenis="alat", item="Cangkul", jumlah=10, satuan="buah"),
                NeedRow(jenis="material", item="Karung", jumlah=40, satuan="buah"),
            ],
            targets={"target_warga": 30, "target_rt_rw": 3, "target_kelurahan": 2},
            penanggung_jawab_nama="Ketua RT setempat",
        )
        with transaction.atomic():
            plan = services.plan_create(user=actor, data=data, idempotency_key=key)
            if state in ("draft", "usulan"):
                continue
            services.plan_submit(user=office, plan=plan, today=today)
            if state == "dikembalikan":
                services.plan_return(
                    user=camat,
                    plan=plan,
                    note="Mohon lengkapi titik kumpul dan target peserta dari TNI/Polri.",
                )
            elif state in ("disetujui", "terlaksana", "dibatalkan"):
                services.plan_approve(user=camat, plan=plan)
            if state == "terlaksana":
                RencanaAksi.objects.filter(pk=plan.pk).update(tanggal=day)
                plan.refresh_from_db()  # its execution takes the day from the plan
                services.plan_mark_done(user=office, plan=plan, today=today)
            if state == "dibatalkan":
                services.plan_cancel(user=office, plan=plan, reason="Hujan lebat sejak pagi.")


def load_plans(kecamatan: Kecamatan) -> None:
    users = {
        role: User.objects.filter(role=role, kecamatan=kecamatan, is_active=True)
        .order_by("pk")
        .first()
        for role in (Role.ADMIN_KECAMATAN, Role.CAMAT, Role.LURAH, Role.KETUA_RT)
    }
    admin, camat = users[Role.ADMIN_KECAMATAN], users[Role.CAMAT]
    if admin is None or camat is None:
        return
    today = timezone.localdate()
    load_series(kecamatan, lurah=users[Role.LURAH], admin=admin, approver=camat, today=today)
    load_one_off_plans(
        kecamatan,
        lurah=users[Role.LURAH],
        admin=admin,
        camat=camat,
        rt_head=users[Role.KETUA_RT] or admin,
        today=today,
    )
