"""The shared parts of every list page: the filter card's selects and the empty table."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from sigoro.models import Role
from stakeholder import services as stakeholder_services
from stakeholder.models import StakeholderType

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "permasalahan:problem-list",
    "kegiatan:plan-list",
    "stakeholder:stakeholder-list",
    "stakeholder:request-list",
    "stakeholder:swadaya-list",
]
# Selects that have no blank choice on purpose: "When" always means something (from today).
NO_BLANK = {("kegiatan:plan-list", "waktu")}


class FilterSelects(HTMLParser):
    """Collect the options of every <select> inside the filter card's form."""

    def __init__(self):
        super().__init__()
        self.in_card = self.in_option = False
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "details" and "filter-card" in (attrs.get("class") or ""):
            self.in_card = True
        elif self.in_card and tag == "select":
            self.current = self.selects.setdefault(attrs["name"], [])
        elif self.current is not None and tag == "option":
            self.current.append([attrs.get("value"), ""])
            self.in_option = True

    def handle_data(self, data):
        if self.in_option:
            self.current[-1][1] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self.in_option = False
        elif tag == "select":
            self.current = None
        elif tag == "details":
            self.in_card = False


def filter_selects(html: str) -> dict[str, list[tuple[str, str]]]:
    parser = FilterSelects()
    parser.feed(html)
    return parser.selects


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_filter_select_has_one_blank_choice_that_says_pilih(client, world, name):
    admin = world.users[Role.ADMIN_KECAMATAN]
    # A second stakeholder, so the request list offers a stakeholder filter too.
    stakeholder_services.stakeholder_create(
        user=admin,
        kecamatan=world.home_rt.kelurahan.kecamatan,
        nama="Polsek Pangkalbalam",
        jenis=StakeholderType.objects.get(kode="polri"),
        kontak_nama="Bapak Kapolsek",
        seluruh_kecamatan=True,
    )
    client.force_login(admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    selects = filter_selects(response.content.decode())
    assert len(selects) >= 2, selects  # the page does have choice filters
    for select, options in selects.items():
        blanks = [text.strip() for value, text in options if value == ""]
        assert not any("-----" in text for _value, text in options), (select, options)
        if (name, select) in NO_BLANK:
            assert blanks == [], (select, options)
        else:
            assert blanks == ["— pilih —"], (select, options)
