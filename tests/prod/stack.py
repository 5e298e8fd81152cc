"""Helpers of the tests that run against the local production stack
(deploy/run-local-production.sh: gunicorn A and B, PostgreSQL, SeaweedFS, the worker).

They speak HTTP only, as a browser would, with one cookie jar for both app servers (the
two ports share 127.0.0.1's cookies, as in a browser behind a load balancer).
"""

import io
import os
import re
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from PIL import Image

APP_A = os.environ.get("SIGORO_PROD_A", "")
APP_B = os.environ.get("SIGORO_PROD_B", "")
PASSWORD = "sigoro-demo"

needs_stack = pytest.mark.skipif(
    not (APP_A and APP_B),
    reason="needs the local production stack: make prod-smoke (SIGORO_PROD_A/B unset)",
)


def state() -> dict[str, str]:
    """The stack's state file (SIGORO_PROD_STATE): scripts to restart its parts, pids."""
    path = os.environ.get("SIGORO_PROD_STATE", "")
    if not path or not Path(path).exists():
        return {}
    pairs = (line.split("=", 1) for line in Path(path).read_text().splitlines() if "=" in line)
    return dict(pairs)


def client() -> httpx.Client:
    return httpx.Client(timeout=60, follow_redirects=False)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(http: httpx.Client, base: str, username: str) -> None:
    page = http.get(f"{base}/akun/masuk/")
    assert page.status_code == 200, page.status_code
    answer = http.post(
        f"{base}/akun/masuk/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": PASSWORD,
        },
        headers={"Referer": f"{base}/akun/masuk/"},
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:500])


def jpeg(seed: int = 0, size=(800, 600)) -> bytes:
    """A real JPEG, different for every seed (a gradient with a coloured square)."""
    image = Image.new("RGB", size, (20 + seed % 200, 120, 200))
    for x in range(100, 300):
        for y in range(100, 300, 7):
            image.putpixel((x, y), (255, (seed * 37) % 255, 0))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def staff_upload(http: httpx.Client, base: str, content: bytes) -> httpx.Response:
    """POST /foto/unggah/ as the signed-in user (what the staff forms' script does)."""
    token = http.cookies.get("csrftoken")
    return http.post(
        f"{base}/foto/unggah/",
        data={"kunci": str(uuid.uuid4())},
        files={"foto": ("foto.jpg", content, "image/jpeg")},
        headers={"X-CSRFToken": token, "Referer": f"{base}/"},
    )


def sql_rows(query: str, *params) -> list[tuple]:
    """Run one query on the stack's database (its state file names it)."""
    with psycopg.connect(state()["DATABASE_URL"], connect_timeout=10) as connection:
        return connection.execute(query, params).fetchall()


def sql(query: str, *params):
    """Return the first column of the first row of ``query``."""
    return sql_rows(query, *params)[0][0]


def executed_plans(username: str = "lurah") -> list[int]:
    """The plans of ``username``'s kelurahan whose execution day is closed (demo data)."""
    rows = sql_rows(
        "SELECT p.plan_id FROM kegiatan_pelaksanaan p "
        "JOIN kegiatan_rencanaaksi r ON r.id = p.plan_id "
        "JOIN sigoro_user u ON u.kelurahan_id = r.kelurahan_id "
        "WHERE u.username = %s AND p.ditutup_pada IS NOT NULL ORDER BY p.plan_id",
        username,
    )
    return [plan for (plan,) in rows]
