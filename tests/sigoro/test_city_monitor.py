"""The city monitor (pemantau kota): read-only, scoped to one Kota, through sigoro.access."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from kegiatan.models import FotoDokumentasi, Kehadiran, Pelaksanaan, PlanSeries, RencanaAksi
from permasalahan.models import Problem
from sigoro import access, selectors, services
from sigoro.context_processors import navigation
from sigoro.models import RT, RW, AuthEvent, Kecamatan, Kelurahan, Kota, Role, User
from stakeholder.models import (
    Delivery,
    Pledge,
    RequestRecipient,
    Stakeholder,
    SupportRequest,
    Swadaya,
)
from tests.factories import KecamatanFactory, KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.kegiatan.factories import documentation_in, execution_in, plan_in, series_in
from tests.permasalahan.factories import ProblemFactory
from tests.stakeholder.factories import SwadayaFactory, pledged_in, request_in, stakeholder_serving

pytestmark = pytest.mark.django_db

P = Role.PEMANTAU_KOTA

# Everything the city monitor may do. All of it reads: a new permission given to the role
# fails this test until it is added here, on purpose, after asking "does it write?".
CITY_READS = {
    "region.view",
    "region.view_kelurahan",
    "problem.view",
    "problem.needs",
    "stakeholder.list",
    "stakeholder.view",
    "request.view",
    "support.summary",
    "swadaya.view",
    "plan.view",
    "series.view",
    "execution.view",
    "dashboard.view",
    "index.view",
    "monitoring.view",
    "document.view",  # the monthly reports of its city, made by the scheduled command
}


def test_the_city_monitor_holds_exactly_the_read_permissions():
    granted = {action for action, roles in access.PERMISSIONS.items() if P in roles}
    assert granted == CITY_READS


def test_no_read_permission_of_the_city_monitor_is_a_write():
    """The names say what they do: none of the role's actions creates, edits or decides."""
    writes = (
        "create",
        "edit",
        "manage",
        "record",
        "answer",
        "approve",
        "submit",
        "verify",
        "handle",
        "comment",
        "finish",
        "configure",
        "upload",
    )
    assert not [a for a in CITY_READS if a.rsplit(".", 1)[-1] in writes]


def test_the_city_monitor_is_scoped_to_its_kota(world):
    pemantau = world.users[P]
    assert access.scope_for(pemantau) == access.Scope("kota", pemantau.kota_id)
    assert pemantau.kota.nama == "Kota Pangkal Pinang"
    assert pemantau.kecamatan_id is None and pemantau.area == pemantau.kota


def test_a_city_monitor_without_a_city_sees_nothing(world):
    lost = UserFactory(role=P, kota=None)
    assert access.scope_for(lost).level == access.NONE
    assert not access.has_perm(lost, "problem.view")
    assert not access.scope_queryset(Problem.objects.all(), lost).exists()


def in_and_out(home, away):
    """One record of each scoped kind in ``home`` and in ``away``: {model: (in, out)}."""
    plan_home, plan_away = execution_in(home), execution_in(away)
    photo_home, photo_away = documentation_in(plan_home), documentation_in(plan_away)
    pledge_home, pledge_away = pledged_in(home), pledged_in(away)
    delivery = {}
    for rt, pledge in ((home, pledge_home), (away, pledge_away)):
        delivery[rt] = Delivery.objects.create(
            pledge=pledge, tanggal="2026-11-20", jumlah=10, nilai=50_000, diterima_oleh="Pak RT"
        )
    attendance = {
        rt: Kehadiran.objects.create(pelaksanaan=p, rt=rt, hadir_warga=20)
        for rt, p in ((home, plan_home), (away, plan_away))
    }
    return {
        Kota: (home.kelurahan.kecamatan.kota, away.kelurahan.kecamatan.kota),
        Kecamatan: (home.kelurahan.kecamatan, away.kelurahan.kecamatan),
        Kelurahan: (home.kelurahan, away.kelurahan),
        RW: (home.rw, away.rw),
        RT: (home, away),
        Problem: (ProblemFactory(rt=home), ProblemFactory(rt=away)),
        RencanaAksi: (plan_in(home), plan_in(away)),
        PlanSeries: (series_in(home), series_in(away)),
        Pelaksanaan: (plan_home, plan_away),
        Kehadiran: (attendance[home], attendance[away]),
        FotoDokumentasi: (photo_home, photo_away),
        Stakeholder: (stakeholder_serving(home), stakeholder_serving(away)),
        SupportRequest: (request_in(home), request_in(away)),
        RequestRecipient: (pledge_home.recipient, pledge_away.recipient),
        Pledge: (pledge_home, pledge_away),
        Delivery: (delivery[home], delivery[away]),
        Swadaya: (SwadayaFactory(rt=home), SwadayaFactory(rt=away)),
    }


def test_the_city_monitor_reads_every_record_of_its_city_and_none_of_another(world):
    pemantau = world.users[P]
    # Kecamatan B lies in another city; a kecamatan of the same city is inside.
    kota = pemantau.kota
    sister_rt = RTFactory(
        rw=RWFactory(kelurahan=KelurahanFactory(kecamatan=KecamatanFactory(kota=kota)))
    )
    for home in (world.home_rt, sister_rt):
        for model, (inside, outside) in in_and_out(home, world.foreign_rt[P]).items():
            seen = set(access.scope_queryset(model.objects.all(), pemantau))
            assert inside in seen, (model.__name__, home)
            assert outside not in seen, model.__name__


def test_a_kecamatan_outside_any_city_is_outside_the_city_monitor(world):
    alone = RTFactory(
        rw=RWFactory(kelurahan=KelurahanFactory(kecamatan=KecamatanFactory(kota=None)))
    )
    problem = ProblemFactory(rt=alone)
    pemantau = world.users[P]
    assert not access.scope_queryset(Problem.objects.filter(pk=problem.pk), pemantau).exists()
    assert not access.is_in_area(pemantau, alone)


def test_accounts_and_the_sign_in_log_stay_hidden_from_the_city_monitor(world):
    """Fail closed: the role reads figures, not the people behind the accounts."""
    pemantau = world.users[P]
    AuthEvent.objects.create(
        kind=AuthEvent.Kind.LOGIN, username="lurah", user=world.users[Role.LURAH]
    )
    assert not access.scope_queryset(User.objects.all(), pemantau).exists()
    assert not access.scope_queryset(AuthEvent.objects.all(), pemantau).exists()


# -- every account carries its city ---------------------------------------------------------


def test_every_account_of_a_kecamatan_in_a_city_carries_the_city(world):
    kota = world.users[P].kota
    for role in (Role.ADMIN_KECAMATAN, Role.CAMAT, Role.LURAH, Role.KETUA_RW, Role.KETUA_RT):
        assert world.users[role].kota == kota, role
    outside = UserFactory(role=Role.KETUA_RT, rt=world.foreign_rt[P])
    assert outside.kota.nama == "Kabupaten Bangka"
    alone = KecamatanFactory(kota=None)
    assert UserFactory(role=Role.CAMAT, kecamatan=alone).kota is None


def test_a_city_monitor_given_a_kecamatan_keeps_its_own_city(world):
    """The role's area is the city: a stray kecamatan of another city neither moves it nor
    stays on the account."""
    pemantau = world.users[P]
    pemantau.kecamatan = world.foreign_rt[P].kelurahan.kecamatan
    pemantau.full_clean()
    assert pemantau.kota.nama == "Kota Pangkal Pinang"
    assert pemantau.kecamatan is None


def test_a_city_monitor_needs_a_city():
    account = User(username="tanpakota", role=P)
    with pytest.raises(ValidationError) as error:
        account.full_clean()
    assert "kota" in error.value.message_dict


def test_the_data_migration_gives_existing_accounts_their_city(world):
    User.objects.update(kota=None)
    migration = import_module("sigoro.migrations.0007_fill_user_kota")
    migration.fill_kota(apps, None)
    lurah = User.objects.get(pk=world.users[Role.LURAH].pk)
    assert lurah.kota.nama == "Kota Pangkal Pinang"
    # The city monitor has no kecamatan to take it from: the migration leaves it as found.
    assert User.objects.get(pk=world.users[P].pk).kota is None


# -- who creates a city monitor -------------------------------------------------------------


def test_a_kecamatan_administrator_cannot_create_a_city_monitor(world, login):
    admin = world.users[Role.ADMIN_KECAMATAN]
    client = login(admin)
    page = client.get(reverse("user-create"))
    assert "pemantau_kota" not in page.content.decode()
    response = client.post(
        reverse("user-create"),
        {
            "username": "bappeda",
            "first_name": "Dewi",
            "role": "pemantau_kota",
            "kecamatan": world.home_rt.kelurahan.kecamatan_id,
            "password": "Kerja-Bakti-Bersama-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert response.context["form"]["username"].value() == "bappeda"  # what was typed stays
    assert not User.objects.filter(username="bappeda").exists()
    with pytest.raises(ValidationError):
        services.user_create(
            user=admin, password="Kerja-Bakti-Bersama-2026", username="bappeda", role=P
        )
    assert not User.objects.filter(username="bappeda").exists()


def test_a_system_administrator_creates_a_city_monitor(world):
    root = UserFactory(username="root", role="", is_superuser=True)
    kota = world.users[P].kota
    created = services.user_create(
        user=root, password="Kerja-Bakti-Bersama-2026", username="inspektorat", role=P, kota=kota
    )
    assert (created.role, created.kota, created.kecamatan) == (P, kota, None)


def test_the_django_admin_lists_accounts_by_city(world, client):
    root = UserFactory(username="root", role="", is_superuser=True, is_staff=True)
    client.force_login(root)
    listing = client.get(reverse("admin:sigoro_user_changelist"), {"kota__id__exact": 1})
    assert listing.status_code == 200
    change = client.get(reverse("admin:sigoro_user_change", args=[world.users[P].pk]))
    assert change.status_code == 200 and 'name="kota"' in change.content.decode()


# -- what the role sees ---------------------------------------------------------------------


def test_the_city_monitor_menu_holds_only_reading_pages(world, rf):
    request = rf.get("/")
    request.user = world.users[P]
    names = {item.url_name for item in navigation(request)["nav_items"]}
    assert names == {
        "home",
        "permasalahan:problem-list",
        "permasalahan:problem-map",
        "permasalahan:needs-summary",
        "kegiatan:plan-list",
        "kegiatan:plan-calendar",
        "stakeholder:stakeholder-list",
        "region-list",
        "laporan:dashboard",
        "laporan:index",
        "laporan:ranking",
        "laporan:plan-vs-actual",
        "laporan:kendala",
        "laporan:document-list",
    }


def test_the_city_monitor_home_lists_the_kecamatan_of_its_city(
    world, login, django_assert_max_num_queries
):
    KecamatanFactory(nama="Bukit Intan", kota=world.users[P].kota)
    client = login(world.users[P])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    city = response.context["home"].city
    # Kecamatan A: kelurahan A1 (RT 1/RW 1, RT 2/RW 1, RT 1/RW 2) and A2 (RT 1/RW 1).
    assert [(k.nama, k.kelurahan, k.rt) for k in city.kecamatan] == [
        ("Bukit Intan", 0, 0),
        ("Pangkalbalam", 2, 4),
    ]
    page = response.content.decode()
    assert 'data-testid="city-overview"' in page and "Gerunggang" not in page
    assert response.context["home"].area_label == "Kota Pangkal Pinang"
    assert response.context["home"].summary.rt == 4


def test_other_roles_have_no_city_overview(world):
    for role in (Role.ADMIN_KECAMATAN, Role.CAMAT, Role.LURAH, Role.STAKEHOLDER):
        assert selectors.home_for(user=world.users[role]).city is None


def test_the_city_monitor_sees_no_reporter_contact(world, login):
    problem = ProblemFactory(rt=world.home_rt, pelapor_nama="Bu Sari", pelapor_hp="6281299990000")
    response = login(world.users[P]).get(
        reverse("permasalahan:problem-detail", kwargs={"kode": problem.kode})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bu Sari" not in page and "9999" not in page


def test_links_to_later_pages_appear_only_when_they_exist_and_are_allowed(world):
    """The home page names the monitoring pages by URL name: a page not installed (or not
    allowed) gives no link instead of an error."""
    pemantau, lurah = world.users[P], world.users[Role.LURAH]
    assert selectors._url_if_present("laporan:no-such-page", pemantau, "index.view") == ""
    assert selectors._url_if_present("region-list", pemantau, "region.view") == "/wilayah/"
    assert selectors._url_if_present("user-list", pemantau, "user.manage") == ""
    assert selectors._url_if_present("region-list", lurah, "region.view") == "/wilayah/"
