"""The SVG charts of the printed reports (laporan/dokumen/svg.py): parsed as XML and
checked where a reader would look with a ruler."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from laporan.dokumen import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_bars_are_as_long_as_their_values_and_no_data_is_not_a_bar():
    markup = svg.bar_chart(
        [("Ampui", Decimal("80.0")), ("Ketapang", Decimal("40.0")), ("Rejosari <b>", None)],
        title="Indeks & peringkat",
        width_mm=170,
        no_data="tidak ada data",
    )
    root = _parse(markup)
    assert root.get("width") == "170mm"
    assert root.find("s:title", NS).text == "Indeks & peringkat"
    bars = root.findall("s:rect", NS)
    assert len(bars) == 2  # the area without data has no bar (never a bar of 0)
    widths = [float(bar.get("width")) for bar in bars]
    # The plot is 170 - 52 (labels) - 14 (values) = 104 mm wide: 80 -> 83.2, 40 -> 41.6.
    assert widths == [83.2, 41.6]
    texts = [t.text for t in root.findall("s:text", NS)]
    assert "Rejosari <b>" in texts  # escaped in the markup, read back as typed
    assert "tidak ada data" in texts
    assert "80,0" in texts and "40,0" in texts  # index values as the report prints them


def test_values_above_the_maximum_are_capped_at_the_full_width():
    root = _parse(svg.bar_chart([("A", 150)], title="t", width_mm=170))
    assert float(root.find("s:rect", NS).get("width")) == 104


def test_line_chart_points_follow_the_values_on_a_round_scale():
    labels = ["01/26", "02/26", "03/26"]
    root = _parse(
        svg.line_chart(
            labels,
            [svg.Series("Kegiatan", [0, 2, 4]), svg.Series("Peserta", [10, 0, 45])],
            title="Tren",
            width_mm=170,
            height_mm=62,
        )
    )
    lines = root.findall("s:polyline", NS)
    assert len(lines) == 2
    first = [tuple(map(float, p.split(","))) for p in lines[0].get("points").split()]
    # Plot: x from 12 to 158 mm, y from 8 (top) to 53 (bottom). Events top out at 5: 4 is
    # at 80% of the height, 0 on the bottom line.
    assert [x for x, _ in first] == [12, 85, 158]
    assert first[0][1] == 53 and first[2][1] == 17
    second = [tuple(map(float, p.split(","))) for p in lines[1].get("points").split()]
    # Participants top out at 50: 45 at 90% of the height.
    assert second[2][1] == 12.5
    texts = [t.text for t in root.findall("s:text", NS)]
    assert labels[0] in texts and "Kegiatan" in texts and "Peserta" in texts


def test_an_empty_series_draws_no_line_and_does_not_fail():
    root = _parse(svg.line_chart([], [svg.Series("Kegiatan", [])], title="Kosong"))
    assert root.findall("s:polyline", NS) == []
