"""WhatsApp-ready: one helper builds the wa.me link; every public link page has the button."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from notifikasi.whatsapp import whatsapp_text, whatsapp_url
from sigoro.models import Role
from tests.kegiatan.factories import closed_execution_in, plan_in
from tests.permasalahan.factories import ProblemFactory


def button_href(page: str) -> str:
    marker = 'data-testid="whatsapp-button"'
    anchor = page[: page.index(marker)]
    start = anchor.rindex('href="') + len('href="')
    return anchor[start : anchor.index('"', start)].replace("&amp;", "&")


def message_of(href: str) -> str:
    return parse_qs(urlsplit(href).query)["text"][0]


def test_a_known_number_is_written_in_international_form_without_plus():
    url = whatsapp_url("Kerja bakti besok", "0812-3456-7890")

    assert url == "https://wa.me/6281234567890?text=Kerja%20bakti%20besok"


def test_without_a_valid_number_whatsapp_asks_whom_to_send_to():
    assert whatsapp_url("Halo & selamat", None) == "https://wa.me/?text=Halo%20%26%20selamat"
    assert whatsapp_url("Halo", "bukan nomor").startswith("https://wa.me/?text=")


def test_the_message_puts_the_link_on_its_own_line():
    assert whatsapp_text("Rencana disetujui", "https://x.go.id/rencana/1/") == (
        "Rencana disetujui\nhttps://x.go.id/rencana/1/"
    )


@pytest.mark.django_db
def test_the_tracking_page_shares_its_absolute_link(client, world, settings):
    settings.SITE_URL = "https://sigoro.example.go.id"
    problem = ProblemFactory(rt=world.home_rt)

    page = client.get(reverse("permasalahan:track", args=[problem.kode])).content.decode()

    href = button_href(page)
    assert href.startswith("https://wa.me/?text=")
    message = message_of(href)
    assert problem.kode in message
    assert message.endswith(f"\nhttps://sigoro.example.go.id/lacak/{problem.kode}/")


@pytest.mark.django_db
def test_the_public_schedule_and_event_pages_share_their_link(client, world):
    pelaksanaan = closed_execution_in(world.home_rt)
    kelurahan = world.home_rt.kelurahan

    index = client.get(reverse("kegiatan:public-schedule-index"))
    schedule = client.get(reverse("kegiatan:public-schedule", args=[kelurahan.pk]))
    event = client.get(reverse("kegiatan:public-event", args=[kelurahan.pk, pelaksanaan.plan_id]))

    assert message_of(button_href(index.content.decode())).endswith("\nhttp://testserver/jadwal/")
    assert message_of(button_href(schedule.content.decode())).endswith(
        f"\nhttp://testserver/jadwal/{kelurahan.pk}/"
    )
    event_message = message_of(button_href(event.content.decode()))
    assert pelaksanaan.plan.judul in event_message
    assert event_message.endswith(
        f"\nhttp://testserver/jadwal/{kelurahan.pk}/kegiatan/{pelaksanaan.plan_id}/"
    )


@pytest.mark.django_db
def test_the_plan_page_addresses_the_person_in_charge(client, world):
    plan = plan_in(world.home_rt, penanggung_jawab_hp="6281234567890")
    client.force_login(world.users[Role.LURAH])

    page = client.get(plan.get_absolute_url()).content.decode()

    href = button_href(page)
    assert href.startswith("https://wa.me/6281234567890?text=")
    assert message_of(href).endswith(f"\nhttp://testserver/rencana/{plan.pk}/")
