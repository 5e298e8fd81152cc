"""The shared parts of every list page: the filter card's selects and the empty table."""

from html.parser import HTMLParser

import django_tables2 as tables
import pytest
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils import translation
from django_tables2 import RequestConfig

from permasalahan import services as problem_services
from permasalahan.models import ProblemCategory
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


# -- the empty table ------------------------------------------------------------------------


def empty_message(html: str) -> str | None:
    start = html.find('data-testid="table-empty"')
    if start == -1:
        return None
    return " ".join(html[html.index(">", start) + 1 : html.index("</p>", start)].split())


def test_an_empty_list_without_a_filter_says_there_is_no_data_yet(client, world):
    client.force_login(world.users[Role.LURAH])
    html = client.get(reverse("permasalahan:problem-list")).content.decode()
    assert empty_message(html) == "Belum ada data."
    assert "<table" not in html.split('data-testid="table-empty"')[1].split("</main>")[0]
    # Sorting is not a filter.
    html = client.get(reverse("permasalahan:problem-list"), {"sort": "kode"}).content.decode()
    assert empty_message(html) == "Belum ada data."
    assert "filter-card" in html and 'filter-card" open' not in html


def test_an_empty_list_under_a_filter_says_so_and_links_to_the_reset(client, world):
    lurah = world.users[Role.LURAH]
    problem = problem_services.problem_create(
        user=lurah,
        kategori=ProblemCategory.objects.get(slug="sampah"),
        rt=world.home_rt,
        alamat="Gg. Melati",
        deskripsi="Sampah menumpuk di depan masjid",
    )
    client.force_login(lurah)
    url = reverse("permasalahan:problem-list")
    html = client.get(url, {"q": "tidak-ada", "sort": "kode"}).content.decode()
    reset = f'<a href="{url}">Atur ulang saringan</a>'
    assert empty_message(html) == f"Tidak ada permasalahan yang sesuai dengan saringan ini. {reset}"
    assert 'filter-card" open' in html
    # Without the filter the problem is listed, and no message is shown.
    html = client.get(url).content.decode()
    assert empty_message(html) is None and problem.kode in html


def test_the_region_list_says_when_every_rt_has_its_counts(client, world):
    client.force_login(world.users[Role.ADMIN_KECAMATAN])
    url = reverse("region-list")
    html = client.get(url, {"kosong": "1"}).content.decode()
    assert empty_message(html) == (
        f'Tidak ada RT yang sesuai dengan saringan ini. <a href="{url}">Atur ulang saringan</a>'
    )


def test_a_table_without_its_own_text_says_nothing_matches_the_filter(rf):
    class Bare(tables.Table):
        nama = tables.Column()

    request = rf.get("/daftar/", {"q": "x", "page": "1"})
    table = Bare([])
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    with translation.override("id"):
        html = Template("{% load django_tables2 %}{% render_table table %}").render(
            RequestContext(request, {"table": table})
        )
    assert empty_message(html) == (
        'Tidak ada yang sesuai dengan saringan. <a href="/daftar/">Atur ulang saringan</a>'
    )
    request = rf.get("/daftar/", {"page": "1", "sort": "nama"})
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    with translation.override("id"):
        html = Template("{% load django_tables2 %}{% render_table table %}").render(
            RequestContext(request, {"table": table})
        )
    assert empty_message(html) == "Belum ada data."
