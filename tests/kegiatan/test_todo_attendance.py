"""Stage 4 on the home page: "attendance not recorded yet" for each open execution and RT
of an RT or RW head's area (through ``sigoro.selectors.TODO_PROVIDERS``)."""

from django.urls import reverse

from kegiatan import selectors, services
from kegiatan.models import PelaksanaanStatus
from sigoro.models import Role
from sigoro.selectors import TODO_PROVIDERS
from tests.kegiatan.factories import execution_in


def lines(user):
    return selectors.home_todo_attendance(user)


def test_the_provider_is_registered():
    assert selectors.home_todo_attendance in TODO_PROVIDERS


def test_an_rt_head_sees_his_rts_missing_attendance_once(world):
    """A plan over RT 001 (his) and RT 002: one line, for RT 001, linking to its form; gone
    once recorded."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    pelaksanaan = execution_in(world.home_rt, rts=[sibling])
    plan = pelaksanaan.plan
    head = world.users[Role.KETUA_RT]
    [line] = lines(head)
    assert line.url == reverse("kegiatan:attendance-record", args=[plan.pk, world.home_rt.pk])
    assert plan.judul in line.text and str(world.home_rt) in line.text
    services.kehadiran_record(user=head, plan=plan, rt=world.home_rt, counts={"hadir_warga": 9})
    assert lines(head) == []


def test_an_rw_head_sees_each_rt_of_his_rw(world):
    sibling = world.foreign_rt[Role.KETUA_RT]  # same RW
    other_rw = world.foreign_rt[Role.KETUA_RW]
    execution_in(world.home_rt, rts=[sibling, other_rw])
    urls = [line.url for line in lines(world.users[Role.KETUA_RW])]
    assert len(urls) == 2
    assert all(
        f"/rt/{rt.pk}/" in url for rt, url in zip([world.home_rt, sibling], urls, strict=True)
    )


def test_only_open_executions_count(world):
    pelaksanaan = execution_in(world.home_rt)
    pelaksanaan.status = PelaksanaanStatus.TIDAK_TERLAKSANA
    pelaksanaan.save()
    assert lines(world.users[Role.KETUA_RT]) == []


def test_other_areas_and_other_roles_see_none(world):
    execution_in(world.foreign_rt[Role.KETUA_RT])
    assert lines(world.users[Role.KETUA_RT]) == []
    execution_in(world.home_rt)
    for role in (Role.LURAH, Role.CAMAT, Role.STAKEHOLDER, Role.ADMIN_KECAMATAN):
        assert lines(world.users[role]) == [], role


def test_the_home_page_shows_it(client, world):
    execution_in(world.home_rt)
    client.force_login(world.users[Role.KETUA_RT])
    page = client.get(reverse("home")).content.decode()
    assert "Kehadiran belum dicatat" in page
