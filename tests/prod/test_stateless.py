"""Two app servers side by side are interchangeable: whatever one did, the other sees
(sessions in the database, media in the S3 bucket, rate-limit counters in the shared cache,
documents made by the worker). Runs only against the local production stack with the demo
data: `make prod-smoke`."""

import re
import time

from tests.prod.stack import (
    APP_A,
    APP_B,
    client,
    csrf_token,
    executed_plans,
    jpeg,
    needs_stack,
    sign_in,
    staff_upload,
)

pytestmark = needs_stack


def test_signed_in_on_a_and_working_on_b():
    with client() as http:
        sign_in(http, APP_A, "lurah")
        on_b = http.get(f"{APP_B}/permasalahan/")
        assert on_b.status_code == 200, on_b.status_code
        assert "lurah" in on_b.text.lower()
        signed_out = client().get(f"{APP_B}/permasalahan/")
        assert signed_out.status_code == 302  # a fresh browser is sent to the sign-in page


def test_a_photo_uploaded_through_a_is_served_through_b():
    with client() as http:
        sign_in(http, APP_A, "ketuart")
        http.get(f"{APP_A}/")  # the csrftoken cookie
        answer = staff_upload(http, APP_A, jpeg(seed=int(time.time())))
        assert answer.status_code == 201, answer.text
        thumb = answer.json()["thumb"]
        from_a = http.get(f"{APP_A}{thumb}")
        from_b = http.get(f"{APP_B}{thumb}")
        assert from_a.status_code == from_b.status_code == 200
        assert from_b.headers["content-type"] == "image/jpeg"
        assert from_b.content == from_a.content and from_b.content[:2] == b"\xff\xd8"
        # Not for a visitor without an account (the photo is attached to nothing yet).
        assert client().get(f"{APP_B}{thumb}").status_code == 404


def request_berita_acara(http, base, plan_pk) -> int:
    detail = http.get(f"{base}/rencana/{plan_pk}/")
    answer = http.post(
        f"{base}/laporan/dokumen/berita-acara/{plan_pk}/",
        data={"csrfmiddlewaretoken": csrf_token(detail.text)},
        headers={"Referer": f"{base}/rencana/{plan_pk}/"},
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:300])
    return int(re.search(r"/laporan/dokumen/(\d+)/", answer.headers["location"]).group(1))


def wait_done(http, base, document_pk, seconds=900) -> dict:
    """Wait for the worker (behind whatever the queue already holds: load_demo queues
    hundreds of index refreshes) to finish a document."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        progress = http.get(f"{base}/laporan/dokumen/{document_pk}/progres/").json()
        if progress["selesai"]:
            return progress
        time.sleep(0.5)
    raise AssertionError(f"document {document_pk} not made in {seconds} s: {progress}")


def test_a_berita_acara_made_by_the_worker_is_downloadable_from_both():
    with client() as http:
        sign_in(http, APP_A, "lurah")
        plans = executed_plans()
        assert plans, "the demo has executed plans"
        document = request_berita_acara(http, APP_A, plans[0])
        assert wait_done(http, APP_B, document)["status"] == "selesai"
        from_a = http.get(f"{APP_A}/laporan/dokumen/{document}/unduh/")
        from_b = http.get(f"{APP_B}/laporan/dokumen/{document}/unduh/")
        assert from_a.status_code == from_b.status_code == 200
        assert from_b.content.startswith(b"%PDF") and from_b.content == from_a.content
        assert client().get(f"{APP_B}/laporan/dokumen/{document}/unduh/").status_code == 302


def report_form(http, base) -> tuple[str, str]:
    """Open /lapor/ (it redirects to its one-time key) and return (url, csrf token)."""
    first = http.get(f"{base}/lapor/")
    url = f"{base}{first.headers['location']}" if first.status_code == 302 else f"{base}/lapor/"
    page = http.get(url)
    return url, csrf_token(page.text), page.text


def send_report(http, base, n: int) -> int:
    url, token, page = report_form(http, base)
    kategori = re.search(r'name="kategori"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1)
    rt = re.search(r'name="rt"[^>]*>.*?<option value="(\d+)"', page, re.S).group(1)
    key = url.rsplit("kunci=", 1)[-1]
    answer = http.post(
        url,
        data={
            "csrfmiddlewaretoken": token,
            "kategori": kategori,
            "rt": rt,
            "alamat": f"Gg. Uji {n}",
            "deskripsi": f"Uji batas laporan nomor {n}",
            "nama": "Penguji",
            "hp": "0812-0000-0000",
            "idempotency_key": key,
            "website": "",
        },
        files={"foto": ("foto.jpg", jpeg(seed=n, size=(400, 300)), "image/jpeg")},
        headers={"Referer": url},
    )
    return answer.status_code


def test_a_rate_limit_reached_on_a_holds_on_b():
    """PUBLIC_REPORT_RATE (5/h by default) reports from one address: the next one, sent to
    the other app server, is refused. Runs last: this address then has no reports left."""
    with client() as http:
        statuses = []
        for n in range(1, 30):
            status = send_report(http, APP_A, n)
            statuses.append(status)
            if status == 429:
                break
        assert statuses[-1] == 429 and statuses[0] == 302, statuses
        assert send_report(http, APP_B, 99) == 429
