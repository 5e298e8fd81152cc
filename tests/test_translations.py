"""Every user-facing string is in Indonesian: the id catalogues are complete and current."""

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = sorted(BASE.glob("**/locale/id/LC_MESSAGES/django.po"))
CATALOGUES = [p for p in CATALOGUES if ".venv" not in p.parts]
SOURCES = [
    "sigoro",
    "permasalahan",
    "kegiatan",
    "stakeholder",
    "laporan",
    "open311",
    "notifikasi",
    "templates",
    "scripts",
    "manage.py",
]


def untranslated(po) -> list[str]:
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(f"fuzzy: {entry.msgid}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    return missing


def test_there_is_a_catalogue_per_app():
    names = {p.relative_to(BASE).parts[0] for p in CATALOGUES}
    assert names == {"locale", "permasalahan", "kegiatan", "stakeholder", "laporan"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path):
    assert untranslated(polib.pofile(str(po_path))) == []


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Extract the strings again (scripts/makemessages in a copy) and compare."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but GNU gettext (xgettext) is not installed")
        pytest.skip("GNU gettext (xgettext) not installed: cannot re-extract strings")
    copy = tmp_path / "src"
    for name in SOURCES:
        source = BASE / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("*.po", "*.mo"))
        else:
            shutil.copy(source, copy / name)
    for po_path in CATALOGUES:
        (copy / po_path.relative_to(BASE)).parent.mkdir(parents=True, exist_ok=True)
    (copy / ".venv").symlink_to(BASE / ".venv")
    subprocess.run([copy / "scripts" / "makemessages", "-v0"], check=True, cwd=copy)
    problems = []
    for po_path in CATALOGUES:
        relative = po_path.relative_to(BASE)
        extracted = {e.msgid for e in polib.pofile(str(copy / relative))}
        committed = {e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete}
        problems += [f"{relative}: {msgid}" for msgid in sorted(extracted - committed)]
    assert problems == [], "Run scripts/makemessages and translate: " + "; ".join(problems)


@pytest.mark.django_db
def test_login_page_is_in_indonesian(client):
    html = client.get("/akun/masuk/").content.decode()
    assert "Masuk ke SIGORO" in html
    assert "Nama pengguna atau nomor HP" in html
    assert 'lang="id"' in html
