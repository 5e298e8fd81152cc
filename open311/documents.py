"""The GeoReport v2 documents, and their JSON and XML forms.

Builders return plain data in the spec's shape (dicts and lists, field order as in the
spec); :func:`respond` writes it as JSON or XML, UTF-8 with the charset in the content
type. Only public fields ever reach a document: the reporter's name, phone and key are not
even loaded (``permasalahan.selectors.public_problems``).
"""

import datetime
import json
import re
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

from open311.errors import Open311Error
from permasalahan.models import OPEN_STATUSES

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed (the discovery document's "changeset").
CHANGESET = "2026-12-01T00:00:00+07:00"
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
FORMATS = ["application/json", "text/xml"]

# XML: the element name of one item of each list.
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry (a control character in a description would make the
# whole document unreadable).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def iso(moment: datetime.datetime | None) -> str | None:
    """ISO 8601 in the kecamatan's time zone, e.g. "2026-11-20T07:30:00+07:00"."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def end_of_day(day: datetime.date | None) -> str | None:
    """A deadline date as the last second of that day, local time."""
    if day is None:
        return None
    moment = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return iso(timezone.make_aware(moment))


def open_or_closed(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"


def service(category) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.nama,
        "description": category.nama,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def service_definition(category, *, attributes: list[dict]) -> dict:
    return {"service_code": category.slug, "attributes": attributes}


def service_request(problem, *, absolute) -> dict:
    """One problem as a GeoReport v2 request; ``absolute`` turns a path into a full URL."""
    photos = getattr(problem, "public_photos", [])
    return {
        "service_request_id": problem.kode,
        "status": open_or_closed(problem.status),
        "status_notes": str(problem.get_status_display()),
        "service_name": problem.kategori.nama,
        "service_code": problem.kategori.slug,
        "description": problem.deskripsi,
        "agency_responsible": str(problem.kelurahan),
        "service_notice": "",
        "requested_datetime": iso(problem.dibuat),
        "updated_datetime": iso(getattr(problem, "diperbarui", None) or problem.dibuat),
        "expected_datetime": end_of_day(problem.tenggat_tindak_lanjut),
        "address": problem.alamat,
        "address_id": "",
        "zipcode": "",
        "lat": problem.lat,
        "long": problem.lon,
        "media_url": absolute(photos[0].photo.web_url) if photos else "",
    }


def errors(error: Open311Error) -> list[dict]:
    return [{"code": error.status, "description": text} for text in error.descriptions]


# -- writing ----------------------------------------------------------------------------------


def _xml_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _xml_add(parent, tag: str, value) -> None:
    element = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_add(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _xml_add(element, LIST_ITEMS[tag], item)
    else:
        element.text = _xml_text(value)


def to_xml(root: str, document) -> bytes:
    """``document`` (a list of items, or a dict of fields) under the element ``root``."""
    element = ElementTree.Element(root)
    if isinstance(document, list):
        for item in document:
            _xml_add(element, LIST_ITEMS[root], item)
    else:
        for key, value in document.items():
            _xml_add(element, key, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(document, *, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """Answer ``document`` as JSON or as XML under the element ``root``."""
    if fmt == "xml":
        body = to_xml(root, document)
    else:
        body = json.dumps(document, ensure_ascii=False).encode()
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def respond_error(error: Open311Error, *, fmt: str) -> HttpResponse:
    return respond(errors(error), fmt=fmt, root="errors", status=error.status)
