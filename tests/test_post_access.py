"""The harness for every method a view accepts: POST, for every role plus anonymous.

``tests/test_url_access.py`` lists every URL (``ROUTES``) and checks what each role may
open. This file sends the writes, with the same roles and objects:

* every view that accepts POST has a case here (``POSTS``), or is listed as a page whose
  POST must change nothing (``READ_ONLY``); a completeness test finds the views that take
  POST by posting to each URL as a superuser,
* each case posts valid data as every role and as an anonymous visitor, on an object of
  the role's own area: a role that may act gets the expected status *and* the database
  changed (a redirect alone is not success); a role that may not gets 403 (anonymous: the
  login page) and the database is exactly as before (every row of every table compared),
* on an object just outside the role's area: 404 and nothing changed,
* with the target in the role's area but FOREIGN ids inside the POST body (a plan naming
  another RT's problem, a request naming another kelurahan's stakeholder, an answer for
  another request's pledge...): no 500, and nothing changed,
* detail pages never show a marked foreign record linked to a home-area object.

A new write is covered by one line in ``POSTS`` (and one in ``ROUTES``). Each case runs all
its roles in one test, each role inside a savepoint rolled back afterwards, so the world is
built once per route.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kegiatan.forms import APPLY_FUTURE
from kegiatan.models import PlanStatus
from sigoro.models import Role
from stakeholder.models import Pledge
from tests.conftest import ROLES
from tests.factories import TEST_PASSWORD, UserFactory
from tests.kegiatan import factories as rencana
from tests.laporan import factories as dokumen
from tests.open311.factories import ApiClientFactory, jurisdiction_of
from tests.permasalahan.factories import ProblemFactory, VerifiedProblemFactory, category
from tests.photo_samples import camera_jpeg, upload
from tests.stakeholder import factories as stk
from tests.test_url_access import PUBLIC, ROUTES


@pytest.fixture
def world(shared_world):
    """The world is built once for this module (tests/conftest.py: ``module_world``)."""
    return shared_world


ANONYMOUS = "anonim"
A, C, L, RW, RT, S = (
    Role.ADMIN_KECAMATAN,
    Role.CAMAT,
    Role.LURAH,
    Role.KETUA_RW,
    Role.KETUA_RT,
    Role.STAKEHOLDER,
)
NEW_PASSWORD = "Kerja-Bakti-Bersama-2026"

# Tables a request may change without changing SIGORO's data: the session (a sign-in, the
# messages) and the sign-in throttling records.
NOT_SNAPSHOT = {"sessions"}
NOT_SNAPSHOT_LABELS = {"axes"}


def key() -> str:
    return uuid.uuid4().hex


def soon(days=4) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


# -- valid POST data per form (``rt``: the RT the data belongs to; ``kw``: the URL kwargs) ---


def plan_form(rt, kw=None, **extra):
    return {
        "judul": "Kerja bakti got Gg. Melati",
        "tanggal": soon(),
        "jam_mulai": "07:00",
        "jam_selesai": "09:00",
        "jenis_kegiatan": [rencana.activity("normalisasi-drainase").pk],
        "target_warga": "30",
        "target_rt_rw": "3",
        "penanggung_jawab_nama": "Pak Rahmat",
        "penanggung_jawab_hp": "0812-3456-7890",
        "catatan": "Bawa karung",
        "idempotency_key": key(),
        "lokasi-TOTAL_FORMS": "1",
        "lokasi-INITIAL_FORMS": "0",
        "lokasi-MIN_NUM_FORMS": "1",
        "lokasi-MAX_NUM_FORMS": "30",
        "lokasi-0-rt": str(rt.pk),
        "lokasi-0-titik_kumpul": "Depan masjid",
        "kebutuhan-TOTAL_FORMS": "0",
        "kebutuhan-INITIAL_FORMS": "0",
        "kebutuhan-MIN_NUM_FORMS": "0",
        "kebutuhan-MAX_NUM_FORMS": "40",
        "aksi": "simpan",
    } | extra


def series_form(rt, kw=None, **extra):
    return {
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
        "jenis_kegiatan": [rencana.activity().pk],
        "target_warga": "20",
        "idempotency_key": key(),
        "aktif": "on",
    } | extra


def request_form(rt, kw=None, **extra):
    return {
        "kelurahan": rt.kelurahan_id,
        "perihal": "Dukungan Jumat Bersih RW 001",
        "nomor_surat": "005/12/Kel/2026",
        "tanggal": timezone.localdate().isoformat(),
        "stakeholders": [stk.stakeholder_serving(rt).pk],
        "idempotency_key": key(),
        "baris-TOTAL_FORMS": "1",
        "baris-INITIAL_FORMS": "0",
        "baris-0-jenis": "material",
        "baris-0-item": "Karung sampah",
        "baris-0-jumlah": "200",
        "baris-0-satuan": "buah",
    } | extra


def found_problem_form(rt, kw=None, **extra):
    return {
        "idempotency_key": key(),
        "kategori": category().pk,
        "rt": rt.pk,
        "alamat": "Belakang pos ronda",
        "deskripsi": "Saluran tersumbat, ditemukan saat kerja bakti.",
        "keparahan": "2",
    } | extra


def event_swadaya_form(rt, kw=None, **extra):
    return {
        "idempotency_key": key(),
        "rt": rt.pk,
        "jenis": "konsumsi",
        "item": "Nasi kotak",
        "jumlah": "40",
        "satuan": "kotak",
        "nilai": "600.000",
        "sumber": "warga",
    } | extra


def support_form(rt, kw=None, **extra):
    data = request_form(rt, **extra)
    data.pop("kelurahan")  # the plan's kelurahan asks
    return data


def stakeholder_form(rt, kw=None, **extra):
    return {
        "jenis": stk.stakeholder_type("bumn").pk,
        "kecamatan": rt.kelurahan.kecamatan_id,
        "nama": "PT Timah Tbk",
        "alamat": "Jl. Jenderal Sudirman 51",
        "kontak_nama": "Bagian CSR",
        "telepon": "0717 425202",
        "email": "csr@timah.example",
        "kelurahan_layanan": [rt.kelurahan_id],
        "aktif": "on",
        "idempotency_key": key(),
    } | extra


def account_form(rt, kw=None):
    return {
        "username": f"kontak{key()[:8]}",
        "first_name": "Rahmat",
        "password": NEW_PASSWORD,
    }


def answer_form(rt, kw, pledge=None):
    pledge = pledge or Pledge.objects.filter(recipient_id=kw["pk"]).first()
    return {
        "jawab-TOTAL_FORMS": "1",
        "jawab-INITIAL_FORMS": "1",
        "jawab-0-pledge": pledge.pk,
        "jawab-0-jumlah": "10",
        "jawab-0-nilai": "100.000",
        "jawab-0-catatan": "",
        "jawaban": "Siap membantu.",
        # Staff record an answer given outside SIGORO: when and how.
        "tanggal": timezone.localdate().isoformat(),
        "cara": "telepon",
    }


def delivery_form(rt, kw=None):
    return {
        "jumlah": "50",
        "tanggal": timezone.localdate().isoformat(),
        "diterima_oleh": "Pak RT 001",
        "nilai": "",
        "catatan": "",
        "idempotency_key": key(),
    }


def swadaya_form(rt, kw=None):
    return {
        "rt": rt.pk,
        "tanggal": timezone.localdate().isoformat(),
        "acara": "Jumat Bersih",
        "jenis": "konsumsi",
        "item": "Nasi kotak",
        "jumlah": "60",
        "satuan": "kotak",
        "nilai": "900.000",
        "sumber": "warga",
        "idempotency_key": key(),
    }


def user_form(rt, kw=None):
    return {
        "username": f"ketua{key()[:8]}",
        "first_name": "Siti",
        "role": Role.KETUA_RT,
        "rt": rt.pk,
        "is_active": "on",
        "password": NEW_PASSWORD,
    }


def user_update_form(rt, kw):
    return user_form(rt) | {"username": f"ketua{kw['pk']}", "password": ""}


def problem_form(rt, kw=None):
    return {
        "kategori": category().pk,
        "rt": rt.pk,
        "alamat": "Gg. Melati, depan masjid",
        "deskripsi": "Sampah menumpuk sudah seminggu",
        "keparahan": "2",
        "idempotency_key": key(),
        "kebutuhan-TOTAL_FORMS": "0",
        "kebutuhan-INITIAL_FORMS": "0",
        "kebutuhan-MIN_NUM_FORMS": "0",
        "kebutuhan-MAX_NUM_FORMS": "20",
    }


def report_form(rt, kw=None):
    return problem_form(rt) | {
        "nama": "Budi",
        "hp": "0812-3456-7890",
        "website": "",
        "foto": upload(camera_jpeg(1)),
    }


def open311_report(rt, kw=None):
    """A GeoReport v2 POST with a photo, by a client of the RT's kecamatan."""
    key = f"sgr_{uuid.uuid4().hex}"
    ApiClientFactory(kecamatan=rt.kelurahan.kecamatan, key=key)
    return {
        "api_key": key,
        "jurisdiction_id": jurisdiction_of(rt),
        "service_code": "sampah",
        "attribute[rt]": str(rt.pk),
        "address_string": "Jl. Depati Hamzah, depan masjid",
        "description": "Tumpukan sampah menutup got.",
        "media": upload(camera_jpeg(1)),
    }


def api_client_form(rt, kw=None):
    return {
        "nama": "Adapter SP4N-LAPOR!",
        "kecamatan": str(rt.kelurahan.kecamatan_id),
        "idempotency_key": key(),
    }


def category_form(rt, kw=None):
    return {
        "nama": f"Kategori {key()[:6]}",
        "slug": f"kat-{key()[:6]}",
        "ikon": "trash",
        "urutan": "9",
        "aktif": "on",
    }


def personal_data_form(rt, kw=None):
    person = UserFactory(role=Role.KETUA_RT, rt=rt, phone=None)
    return {"jenis": "akun", "nilai": person.username, "aksi": "hapus", "konfirmasi": "on"}


def password_form(rt, kw=None):
    return {
        "old_password": TEST_PASSWORD,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }


def login_form(rt, kw=None):
    return {"username": UserFactory(role=Role.KETUA_RT, rt=rt).username, "password": TEST_PASSWORD}


def index_config_form(rt, kw=None):
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return {
        "berlaku_mulai": next_month.strftime("%Y-%m"),
        "bobot_kolaboratif": "10",
        "bobot_partisipatif": "30",
        "bobot_terintegrasi": "20",
        "bobot_berkelanjutan": "20",
        "bobot_akuntabel": "20",
        "target_stakeholder": "4",
        "target_jenis_stakeholder": "2",
    }


def series_with_a_draft(rt, kw):
    """Submitting a schedule submits its draft occurrences: give it one."""
    rencana.plan_in(rt, series_id=kw["pk"])
    return {}


def unread_for_everyone(rt, kw=None):
    """An unread notification for every account, so marking all read changes something."""
    from notifikasi.models import Kind, Notifikasi
    from sigoro.models import User

    for user in User.objects.all():
        Notifikasi.objects.create(
            recipient=user, kind=Kind.PLAN_APPROVED, title="Disetujui", dedupe_key=key()
        )
    return {}


def route_data(name):
    """The POST data ``ROUTES`` already gives an action (a dict or a function of the RT)."""
    data = ROUTES[name].data
    return lambda rt, kw=None: data(rt) if callable(data) else dict(data or {})


# -- foreign ids inside the body (``home``: the target's RT; ``away``: outside the role) -----


def verified(rt):
    return VerifiedProblemFactory(rt=rt)


def foreign_plan_bodies(home, away, kw=None):
    return [
        plan_form(home, problems=[verified(away).pk]),
        plan_form(home) | {"lokasi-0-rt": str(away.pk)},
    ]


def foreign_request_bodies(home, away, kw=None):
    return [
        request_form(home, problems=[verified(away).pk]),
        request_form(home, stakeholders=[stk.stakeholder_serving(away).pk]),
        request_form(home, kelurahan=away.kelurahan_id),
    ]


def foreign_support_bodies(home, away, kw=None):
    return [
        support_form(home, problems=[verified(away).pk]),
        support_form(home, stakeholders=[stk.stakeholder_serving(away).pk]),
    ]


@dataclass(frozen=True)
class Post:
    """How to POST to one route.

    ``data(rt, kw)``: valid data for a target in ``rt`` (``kw``: the target's URL kwargs).
    ``ok``: the status of a successful POST. ``changes``: a successful POST must change the
    database (None: not checked, e.g. signing in or out touches only the session), and
    ``effect``, when given, is the table the action is about: it must be among the changed.
    ``foreign(home, away, kw)``: bodies for a home-area target that name ids outside the
    role's area; each must change nothing but the tables in ``foreign_may_change``.
    """

    data: Callable
    ok: int = 302
    changes: bool | None = True
    effect: str = ""
    foreign: Callable | None = None
    foreign_may_change: frozenset = frozenset()


POSTS: dict[str, Post] = {
    "login": Post(login_form, changes=None),
    "logout": Post(route_data("logout"), changes=None),
    "password_change": Post(password_form, effect="sigoro_user"),
    "rt-update": Post(
        lambda rt, kw: {"jumlah_kk": "123", "jumlah_jiwa": "456"}, effect="sigoro_rt"
    ),
    "user-create": Post(
        user_form, effect="sigoro_user", foreign=lambda home, away, kw: [user_form(away)]
    ),
    "user-update": Post(
        user_update_form,
        effect="sigoro_user",
        foreign=lambda h, away, kw: [user_update_form(away, kw)],
    ),
    "photo-upload": Post(route_data("photo-upload"), ok=201, effect="sigoro_photo"),
    "personal-data": Post(
        personal_data_form,
        effect="sigoro_personaldatarequest",
        foreign=lambda home, away, kw: [personal_data_form(away)],
    ),
    # Stage 1.
    "permasalahan:report": Post(report_form, effect="permasalahan_problem"),
    "permasalahan:track-confirm": Post(
        route_data("permasalahan:track-confirm"), effect="permasalahan_problemconfirmation"
    ),
    # The public code alone is refused (the reporter's private key is needed): 403 for
    # everyone, nothing changed. tests/permasalahan/test_reporter_privacy.py posts with it.
    "permasalahan:track-reopen": Post(
        route_data("permasalahan:track-reopen"), ok=403, changes=False
    ),
    "permasalahan:track-rate": Post(route_data("permasalahan:track-rate"), ok=403, changes=False),
    "permasalahan:problem-photo-visibility": Post(
        route_data("permasalahan:problem-photo-visibility"),
        effect="permasalahan_problemphoto",
    ),
    "account-sessions-end": Post(route_data("account-sessions-end"), effect="sigoro_user"),
    "notifikasi:mark-all-read": Post(unread_for_everyone, effect="notifikasi_notifikasi"),
    "notifikasi:preferences": Post(
        lambda rt, kw: {"email": ["plan_approved", "plan_reminder"]},
        effect="notifikasi_preferensinotifikasi",
    ),
    "user-sessions-end": Post(route_data("user-sessions-end"), effect="sigoro_user"),
    "user-unlock": Post(route_data("user-unlock"), effect="sigoro_authevent"),
    "permasalahan:problem-create": Post(
        problem_form,
        effect="permasalahan_problem",
        foreign=lambda home, away, kw: [problem_form(away)],
    ),
    "permasalahan:problem-verify": Post(
        route_data("permasalahan:problem-verify"), effect="permasalahan_problem"
    ),
    "permasalahan:problem-reject": Post(
        route_data("permasalahan:problem-reject"), effect="permasalahan_problem"
    ),
    "permasalahan:problem-duplicate": Post(
        route_data("permasalahan:problem-duplicate"),
        effect="permasalahan_problem",
        foreign=lambda home, away, kw: [{"asli": ProblemFactory(rt=away).kode}],
    ),
    "permasalahan:problem-handle": Post(
        route_data("permasalahan:problem-handle"), effect="permasalahan_problem"
    ),
    "permasalahan:problem-resolve": Post(
        route_data("permasalahan:problem-resolve"), effect="permasalahan_problem"
    ),
    "permasalahan:problem-note": Post(
        route_data("permasalahan:problem-note"), effect="permasalahan_problemevent"
    ),
    "permasalahan:category-create": Post(category_form, effect="permasalahan_problemcategory"),
    "permasalahan:category-update": Post(
        lambda rt, kw: category_form(rt) | {"nama": "Sampah / TPS liar (baru)", "slug": "sampah"}
    ),
    # Open311: a POST files a report (any visitor holding an API key; the roles do not
    # matter); the admin kecamatan issues and revokes the keys.
    "open311:requests": Post(open311_report, ok=201, effect="permasalahan_problem"),
    "open311:client-list": Post(api_client_form, effect="open311_apiclient"),
    "open311:client-revoke": Post(route_data("open311:client-revoke"), effect="open311_apiclient"),
    # Stage 3.
    "kegiatan:plan-create": Post(
        plan_form, effect="kegiatan_rencanaaksi", foreign=foreign_plan_bodies
    ),
    "kegiatan:plan-update": Post(
        plan_form, effect="kegiatan_rencanaaksi", foreign=foreign_plan_bodies
    ),
    "kegiatan:plan-approve-many": Post(
        route_data("kegiatan:plan-approve-many"),
        effect="kegiatan_rencanaaksi",
        foreign=lambda home, away, kw: [rencana.approve_many_data(away)],
    ),
    "kegiatan:plan-submit": Post(route_data("kegiatan:plan-submit"), effect="kegiatan_rencanaaksi"),
    "kegiatan:plan-approve": Post(
        route_data("kegiatan:plan-approve"), effect="kegiatan_rencanaaksi"
    ),
    "kegiatan:plan-return": Post(route_data("kegiatan:plan-return"), effect="kegiatan_rencanaaksi"),
    "kegiatan:plan-done": Post(route_data("kegiatan:plan-done"), effect="kegiatan_rencanaaksi"),
    "kegiatan:plan-cancel": Post(route_data("kegiatan:plan-cancel"), effect="kegiatan_rencanaaksi"),
    "kegiatan:execution-open": Post(
        lambda rt, kw=None: {"tanggal": timezone.localdate().isoformat(), "dipimpin_oleh": "Lurah"},
        effect="kegiatan_pelaksanaan",
    ),
    "kegiatan:execution-not-held": Post(
        lambda rt, kw=None: {"alasan": "Hujan deras sejak subuh"}, effect="kegiatan_pelaksanaan"
    ),
    "kegiatan:attendance-record": Post(
        lambda rt, kw=None: {"hadir_warga": "12", "hadir_rt_rw": "2"},
        effect="kegiatan_kehadiran",
    ),
    "kegiatan:execution-results": Post(
        lambda rt, kw=None: {"indikator": str(rencana.indicator().pk), "jumlah": "120"},
        effect="kegiatan_hasilkegiatan",
    ),
    "kegiatan:execution-services": Post(
        lambda rt, kw=None: {"jenis": str(rencana.service_type().pk), "jumlah": "5"},
        effect="kegiatan_layananlokasi",
    ),
    "kegiatan:execution-kendala": Post(
        lambda rt, kw=None: {"kategori": "cuaca", "uraian": "Hujan sejak pagi"},
        effect="kegiatan_kendala",
    ),
    "kegiatan:documentation-add": Post(
        lambda rt, kw=None: {
            "jenis": "sebelum",
            "titik_nama": "Drainase Gg. Melati",
            "keterangan": "Penuh sampah",
            "foto": upload(camera_jpeg(1)),
            "idempotency_key": key(),
        },
        effect="kegiatan_fotodokumentasi",
        foreign=lambda home, away, kw: [
            {
                "jenis": "sebelum",
                "titik_nama": "Got",
                "titik_rt": str(away.pk),
                "foto": upload(camera_jpeg(1)),
            },
        ],  # fmt: skip
        # The good photo of a refused form is kept for the next try (unattached).
        foreign_may_change=frozenset({"sigoro_photo", "sigoro_historicalphoto"}),
    ),
    "kegiatan:documentation-delete": Post(
        lambda rt, kw=None: {}, effect="kegiatan_fotodokumentasi"
    ),
    "kegiatan:documentation-public": Post(
        route_data("kegiatan:documentation-public"), effect="kegiatan_fotodokumentasi"
    ),
    "kegiatan:plan-request-support": Post(
        support_form, effect="stakeholder_supportrequest", foreign=foreign_support_bodies
    ),
    "kegiatan:execution-problems": Post(
        lambda rt, kw: {"masalah": rencana.plan_problem_pk(kw), "foto": upload(camera_jpeg())},
        effect="permasalahan_problem",
        foreign=lambda home, away, kw: [
            {"masalah": verified(away).pk, "foto": upload(camera_jpeg())}
        ],
    ),
    "kegiatan:execution-problem-found": Post(
        found_problem_form,
        effect="permasalahan_problem",
        foreign=lambda home, away, kw: [found_problem_form(away)],
    ),
    "kegiatan:execution-support": Post(
        lambda rt, kw: {
            "pledge": rencana.plan_pledge_pk(kw),
            "jumlah": "10",
            "diterima_oleh": "Pak RT",
            "idempotency_key": key(),
        },
        effect="stakeholder_delivery",
        foreign=lambda home, away, kw: [
            {
                "pledge": rencana.plan_pledge_pk(rencana.execution_pledge_kwargs(away)),
                "jumlah": "10",
                "diterima_oleh": "Pak RT",
                "idempotency_key": key(),
            }
        ],
    ),
    "kegiatan:execution-swadaya": Post(
        event_swadaya_form,
        effect="stakeholder_swadaya",
        foreign=lambda home, away, kw: [event_swadaya_form(away)],
    ),
    "kegiatan:execution-row-update": Post(
        lambda rt, kw: {"indikator": str(rencana.indicator().pk), "jumlah": "95"},
        effect="kegiatan_hasilkegiatan",
    ),
    "kegiatan:execution-row-delete": Post(
        route_data("kegiatan:execution-row-delete"), effect="kegiatan_hasilkegiatan"
    ),
    "kegiatan:series-create": Post(
        series_form,
        effect="kegiatan_planseries",
        foreign=lambda home, away, kw: [series_form(home, rts=[away.pk])],
    ),
    "kegiatan:series-update": Post(
        lambda rt, kw: series_form(rt, terapkan=APPLY_FUTURE),
        foreign=lambda home, away, kw: [series_form(home, rts=[away.pk], terapkan=APPLY_FUTURE)],
    ),
    "laporan:document-retry": Post(lambda rt, kw: {}, effect="laporan_generateddocument"),
    "laporan:document-attach-copy": Post(
        route_data("laporan:document-attach-copy"), effect="laporan_generateddocument"
    ),
    "laporan:berita-acara-create": Post(lambda rt, kw: {}, effect="laporan_generateddocument"),
    "laporan:monthly-report-create": Post(
        lambda rt, kw: dokumen.monthly_report_data(rt),
        effect="laporan_generateddocument",
        # Another kelurahan named in the body: not a choice of the form (400), nothing made.
        foreign=lambda home, away, kw: [dokumen.monthly_report_data(away)],
    ),
    "laporan:letterhead-update": Post(
        lambda rt, kw: {"pemerintah": "PEMERINTAH KOTA PANGKALPINANG", "nama_kantor": "KECAMATAN"},
        effect="laporan_kopsurat",
    ),
    "kegiatan:series-generate": Post(
        route_data("kegiatan:series-generate"), effect="kegiatan_rencanaaksi"
    ),
    "kegiatan:series-skip": Post(route_data("kegiatan:series-skip")),
    "kegiatan:series-submit": Post(series_with_a_draft, effect="kegiatan_rencanaaksi"),
    # Stage 2.
    "stakeholder:stakeholder-create": Post(
        stakeholder_form,
        effect="stakeholder_stakeholder",
        foreign=lambda home, away, kw: [
            stakeholder_form(home, kelurahan_layanan=[away.kelurahan_id]),
            stakeholder_form(away),
        ],
    ),
    "stakeholder:stakeholder-update": Post(stakeholder_form, effect="stakeholder_stakeholder"),
    "stakeholder:stakeholder-account": Post(account_form, effect="stakeholder_stakeholdercontact"),
    "stakeholder:request-create": Post(
        request_form, effect="stakeholder_supportrequest", foreign=foreign_request_bodies
    ),
    "stakeholder:request-update": Post(request_form, foreign=foreign_request_bodies),
    "stakeholder:recipient-answer": Post(
        answer_form,
        effect="stakeholder_pledge",
        foreign=lambda home, away, kw: [answer_form(home, kw, pledge=stk.pledged_in(away))],
        # The answer's header (date, how, text) is the home recipient's own; the row for a
        # pledge of another request is ignored, and no pledge changes.
        foreign_may_change=frozenset(
            {"stakeholder_requestrecipient", "stakeholder_historicalrequestrecipient"}
        ),
    ),
    "stakeholder:delivery-create": Post(delivery_form, effect="stakeholder_delivery"),
    "stakeholder:swadaya-create": Post(
        swadaya_form,
        effect="stakeholder_swadaya",
        foreign=lambda home, away, kw: [swadaya_form(away)],
    ),
    "stakeholder:swadaya-update": Post(
        swadaya_form, foreign=lambda home, away, kw: [swadaya_form(away)]
    ),
    # Stage 5: a new version of the index weights (the kecamatan is the user's own).
    "laporan:index-config": Post(index_config_form, effect="laporan_indexconfig"),
}

# Pages that take a POST but only read: a POST there must change nothing, for anyone.
READ_ONLY = {
    "home",
    "healthz",
    "service-worker",
    "web-manifest",
    "offline",
    "region-list",
    "kelurahan-detail",
    "user-list",
    "audit-list",
    "permasalahan:report-similar",
    "permasalahan:track-lookup",
    "permasalahan:track",
    "permasalahan:track-slip",
    "permasalahan:track-reporter",
    "permasalahan:public-map",
    "permasalahan:public-map-data",
    "permasalahan:problem-list",
    "permasalahan:problem-map",
    "permasalahan:problem-map-data",
    "permasalahan:problem-detail",
    "permasalahan:needs-summary",
    "permasalahan:category-list",
    "kegiatan:plan-list",
    "kegiatan:plan-queue",
    "kegiatan:plan-calendar",
    "kegiatan:plan-ics",
    "kegiatan:plan-ics-kecamatan",
    "kegiatan:plan-detail",
    "kegiatan:series-list",
    "kegiatan:series-detail",
    "kegiatan:public-schedule-index",
    "kegiatan:public-schedule",
    "kegiatan:public-schedule-ics",
    "kegiatan:public-event",
    "stakeholder:stakeholder-list",
    "stakeholder:stakeholder-detail",
    "stakeholder:request-list",
    "stakeholder:request-detail",
    "stakeholder:recipient-letter",
    "stakeholder:summary",
    "stakeholder:swadaya-list",
    "laporan:document-list",
    "laporan:document-detail",
    "laporan:document-progress",
    "laporan:document-download",
    "laporan:document-signed-copy",
    "laporan:export-index",
    "laporan:export",
    "verification-lookup",
    # Checking a file's hash against a document reads the file and keeps nothing.
    "verification",
}


# -- the machinery --------------------------------------------------------------------------


def snapshot_tables() -> list[str]:
    """Every table of the project, many-to-many links and history tables included."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label not in NOT_SNAPSHOT | NOT_SNAPSHOT_LABELS
        }
    )


def snapshot() -> dict:
    """Every row of every table, by table (plain SQL: it runs twice per POST)."""
    rows = {}
    with connection.cursor() as cursor:
        for table in snapshot_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def isolated(check):
    """Run ``check`` inside a savepoint that is rolled back: each role starts from the same
    world. The rate-limit counters start from zero too."""
    cache.clear()
    with transaction.atomic():
        try:
            return check()
        finally:
            transaction.set_rollback(True)


def sign_in(client, world, who):
    client.logout()
    if who != ANONYMOUS:
        client.force_login(world.users[who])


def allowed(route, who) -> bool:
    return route.roles == PUBLIC or (who != ANONYMOUS and who in route.roles)


def target(name, rt):
    route = ROUTES[name]
    kw = route.obj(rt) if route.obj else {}
    return reverse(name, kwargs=kw or None), kw


def post(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500, f"{response.status_code} on POST {url}"
    return response


CASE_COUNT = {"own": 0, "foreign-object": 0, "foreign-ids": 0, "read-only": 0, "content": 0}


# -- completeness ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_view_that_takes_a_post_has_a_post_case(world):
    """Post to every URL as a superuser: each that does not answer 405 needs a case."""
    root = UserFactory(username="root", role="", is_superuser=True, is_staff=True)
    client = Client(raise_request_exception=False)
    takes_post, errors = set(), []

    def probe(name):
        client.force_login(root)  # signing out is one of the POSTs
        url, _ = target(name, world.home_rt)
        response = client.post(url, {"sonda": "1"})
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code}")
        if response.status_code != 405:
            takes_post.add(name)

    for name in sorted(ROUTES):
        isolated(lambda name=name: probe(name))
    missing = takes_post - set(POSTS) - READ_ONLY
    assert not missing, f"Views that take POST without a case in {__file__}: {sorted(missing)}"
    assert not errors, f"POST answered with a server error: {errors}"


def test_the_post_cases_name_routes_that_exist():
    assert set(POSTS) <= set(ROUTES)
    assert set(ROUTES) >= READ_ONLY
    assert not set(POSTS) & READ_ONLY
    tables = set(snapshot_tables())
    assert {case.effect for case in POSTS.values() if case.effect} <= tables


# -- every role, own area -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POSTS))
def test_post_by_every_role_on_its_own_area(client, world, name):
    route, case = ROUTES[name], POSTS[name]
    failures = []

    def check(who):
        sign_in(client, world, who)
        url, kw = target(name, world.home_rt)
        data = case.data(world.home_rt, kw)
        before = snapshot()
        response = post(client, url, data)
        changed = changed_tables(before, snapshot())
        if allowed(route, who):
            if response.status_code != case.ok:
                failures.append(f"{who}: {response.status_code}, expected {case.ok}")
            elif case.changes and not changed:
                failures.append(f"{who}: {response.status_code} but nothing changed")
            elif case.effect and case.effect not in changed:
                failures.append(f"{who}: {case.effect} unchanged (changed: {changed})")
            elif case.ok >= 400 and changed:
                failures.append(f"{who}: refused with {case.ok} but changed {changed}")
        else:
            expected = 403 if who != ANONYMOUS else 302
            if response.status_code != expected:
                failures.append(f"{who}: {response.status_code}, expected {expected}")
            elif who == ANONYMOUS and not response["Location"].startswith(reverse("login")):
                failures.append(f"{who}: sent to {response['Location']}")
            if changed:
                failures.append(f"{who}: refused but changed {changed}")

    for who in [*ROLES, ANONYMOUS]:
        isolated(lambda who=who: check(who))
    assert not failures, f"POST {name}: {failures}"


def test_the_city_monitor_may_post_only_to_its_own_account():
    """The city role writes nothing: of every signed-in POST it may only change its own
    password, end its own sessions or mark its own notifications read and choose which come
    by email. (Public forms are open to anyone, as to a resident;
    the test above posts every route as the city monitor and compares every table.)"""
    own_account = {
        "password_change",
        "account-sessions-end",
        "notifikasi:mark-all-read",
        "notifikasi:preferences",
    }
    may = {
        name
        for name in POSTS
        if ROUTES[name].roles != PUBLIC and Role.PEMANTAU_KOTA in ROUTES[name].roles
    }
    assert may <= own_account, sorted(may - own_account)


# -- every role that may act, on an object outside its area ---------------------------------

FOREIGN_OBJECT_CASES = sorted(
    name
    for name in POSTS
    if ROUTES[name].obj and ROUTES[name].roles != PUBLIC and ROUTES[name].foreign
)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FOREIGN_OBJECT_CASES)
def test_post_on_another_areas_object_is_404_and_changes_nothing(client, world, name):
    route, case = ROUTES[name], POSTS[name]
    failures = []

    def check(who):
        sign_in(client, world, who)
        url, kw = target(name, world.foreign_rt[who])
        # The body names the role's own area: only the target is foreign.
        data = case.data(world.home_rt, kw)
        before = snapshot()
        response = post(client, url, data)
        changed = changed_tables(before, snapshot())
        if response.status_code != 404:
            failures.append(f"{who}: {response.status_code}, expected 404")
        if changed:
            failures.append(f"{who}: changed {changed}")

    for who in sorted(route.roles):
        isolated(lambda who=who: check(who))
    assert not failures, f"POST {name} on another area's object: {failures}"


# -- every role that may act, naming foreign ids in the body --------------------------------

FOREIGN_ID_CASES = sorted(name for name, case in POSTS.items() if case.foreign)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FOREIGN_ID_CASES)
def test_post_naming_another_areas_ids_changes_nothing(client, world, name):
    route, case = ROUTES[name], POSTS[name]
    failures = []

    def check(who):
        sign_in(client, world, who)
        url, kw = target(name, world.home_rt)
        for n, data in enumerate(case.foreign(world.home_rt, world.foreign_rt[who], kw)):
            before = snapshot()
            response = post(client, url, data)
            changed = set(changed_tables(before, snapshot())) - case.foreign_may_change
            if changed:
                failures.append(f"{who} body {n}: {response.status_code}, changed {changed}")

    for who in sorted(route.roles):
        isolated(lambda who=who: check(who))
    assert not failures, f"POST {name} naming foreign ids: {failures}"


# -- pages that only read -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(READ_ONLY))
def test_a_post_to_a_reading_page_changes_nothing(client, world, name):
    failures = []

    def check(who):
        sign_in(client, world, who)
        url, _ = target(name, world.home_rt)
        before = snapshot()
        response = post(client, url, {"sonda": "1", "status": "selesai", "hapus": "1"})
        changed = changed_tables(before, snapshot())
        if changed:
            failures.append(f"{who}: {response.status_code}, changed {changed}")

    for who in [*ROLES, ANONYMOUS]:
        isolated(lambda who=who: check(who))
    assert not failures, f"POST {name}: {failures}"


# -- detail pages: no foreign record inside -------------------------------------------------


def marker() -> str:
    return f"RAHASIA-ASING-{uuid.uuid4().hex[:12]}"


def plan_with_foreign_problem(home, away):
    """A plan of the home kelurahan whose problems include a marked one outside the role's
    area (linked directly: the plan form refuses it, the model does not)."""
    text = marker()
    plan = rencana.plan_in(home, status=PlanStatus.DIAJUKAN)
    plan.problems.set([verified(home), VerifiedProblemFactory(rt=away, alamat=text)])
    return {"pk": plan.pk}, text


def request_with_foreign_problem(home, away):
    text = marker()
    support_request = stk.request_in(home)
    support_request.problems.add(VerifiedProblemFactory(rt=away, alamat=text))
    return {"pk": support_request.pk}, text


def stakeholder_with_foreign_request(home, away):
    """The home stakeholder, also addressed by a marked request of the other area."""
    text = marker()
    stakeholder = stk.stakeholder_serving(home)
    stk.make_request(kelurahan=away.kelurahan, stakeholders=[stakeholder], perihal=text)
    return {"pk": stakeholder.pk}, text


@dataclass(frozen=True)
class Content:
    build: Callable  # (home RT, foreign RT) -> (URL kwargs, marker)
    roles: frozenset  # the roles that must not see the marker


CONTENT = {
    "kegiatan:plan-detail": Content(plan_with_foreign_problem, frozenset({A, C, L, RW, RT, S})),
    "stakeholder:request-detail": Content(request_with_foreign_problem, frozenset({A, C, L, S})),
    # A contact sees every request addressed to its own organisation, wherever it comes from.
    "stakeholder:stakeholder-detail": Content(
        stakeholder_with_foreign_request, frozenset({A, C, L})
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CONTENT))
def test_detail_pages_show_no_foreign_record(client, world, name):
    content = CONTENT[name]
    failures = []

    def check(who):
        sign_in(client, world, who)
        kw, text = content.build(world.home_rt, world.foreign_rt[who])
        response = client.get(reverse(name, kwargs=kw))
        if response.status_code != 200:
            failures.append(f"{who}: {response.status_code}")
        elif text in response.content.decode():
            failures.append(f"{who} sees the foreign record {text}")

    for who in sorted(content.roles):
        isolated(lambda who=who: check(who))
    assert not failures, f"{name}: {failures}"


def harness_size() -> dict:
    """The cases the harness runs: URLs x roles x methods."""
    everyone = len(ROLES) + 1
    own = len(POSTS) * everyone
    foreign_object = sum(len(ROUTES[n].roles) for n in FOREIGN_OBJECT_CASES)
    foreign_ids = sum(len(ROUTES[n].roles) for n in FOREIGN_ID_CASES)
    read_only = len(READ_ONLY) * everyone
    content = sum(len(c.roles) for c in CONTENT.values())
    return {
        "POST own area (URL x role)": own,
        "POST on a foreign object": foreign_object,
        "POST naming foreign ids (URL x role)": foreign_ids,
        "POST to reading pages": read_only,
        "detail pages checked for foreign records": content,
        "total": own + foreign_object + foreign_ids + read_only + content,
    }


def test_report_the_harness_size(capsys):
    size = harness_size()
    with capsys.disabled():
        print("\nPOST harness:", ", ".join(f"{k}: {v}" for k, v in size.items()))
    assert size["total"] > 300
