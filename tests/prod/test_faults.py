"""Fault tests against the local production stack (`make prod-faults`): PostgreSQL
restarted under load, the worker killed in the middle of a PDF, the S3 server down during
an upload. Each prints its figures. Run before test_stateless.py, whose last test spends
this address's public reports."""

import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.prod.stack import (
    APP_A,
    APP_B,
    client,
    executed_plans,
    jpeg,
    needs_stack,
    sign_in,
    sql,
    staff_upload,
    state,
)
from tests.prod.test_stateless import request_berita_acara, send_report, wait_done

pytestmark = needs_stack


def wait_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"port {port} did not open in {seconds} s")


def test_postgresql_restart_under_load_gives_503_then_recovers_without_restarting_gunicorn():
    pg_ctl = state().get("PG_CTL")
    if not pg_ctl:
        pytest.skip("the stack's PostgreSQL is not ours to restart (DATABASE_URL was given)")
    masters = [int(state()[f"APP_{side}_PID"]) for side in "AB"]
    results: list[tuple[float, int | str, str]] = []
    stop = threading.Event()

    def load(base):
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    answer = http.get(f"{base}/jadwal/")
                    outcome = answer.status_code
                    page = answer.text
                except httpx.HTTPError as error:
                    outcome, page = type(error).__name__, ""
                results.append((started, outcome, page))

    threads = [threading.Thread(target=load, args=(base,)) for base in (APP_A, APP_B) * 3]
    for thread in threads:
        thread.start()
    time.sleep(3)
    down_at = time.monotonic()
    subprocess.run([pg_ctl, "stop"], check=True, capture_output=True)
    time.sleep(3)
    subprocess.run([pg_ctl, "start"], check=True, capture_output=True)
    up_at = time.monotonic()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join()

    outcomes = [outcome for _, outcome, _ in results]
    in_gap = [r for r in results if down_at <= r[0] < up_at]
    unavailable = [r for r in results if r[1] == 503]
    after = [r for r in results if r[0] >= up_at and r[1] == 200]
    recovery = (min(r[0] for r in after) - up_at) if after else None
    figures = {
        "requests": len(results),
        "during the gap": len(in_gap),
        "503": len(unavailable),
        "200": outcomes.count(200),
        "other": len([o for o in outcomes if o not in (200, 503)]),
        "recovery_s": None if recovery is None else round(recovery, 2),
    }
    print(f"\nPostgreSQL restart under load: {figures}")
    assert set(outcomes) <= {200, 503}, figures
    assert unavailable and all('data-testid="service-unavailable"' in p for _, _, p in unavailable)
    assert recovery is not None and recovery < 10, figures
    # The same gunicorn masters served before and after: nothing was restarted.
    for pid in masters:
        os.kill(pid, 0)
    # The worker lost its connection and exited; its supervisor starts a new one.
    assert worker_alive_within(30)


def worker_alive_within(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(int(Path(state()["WORKER_PID_FILE"]).read_text()), 0)
            return True
        except (ProcessLookupError, ValueError):
            time.sleep(0.5)
    return False


def test_the_worker_killed_in_the_middle_of_a_pdf_makes_one_document_in_the_end():
    st = state()
    with client() as http:
        sign_in(http, APP_A, "lurah")
        plans = executed_plans()[1:6]
        killed_document = None
        for plan in plans:
            document = request_berita_acara(http, APP_A, plan)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                status = sql("SELECT status FROM laporan_generateddocument WHERE id = %s", document)
                if status != "antre":
                    break
                time.sleep(0.02)
            if status == "dibuat":
                os.kill(int(Path(st["WORKER_PID_FILE"]).read_text()), signal.SIGKILL)
                time.sleep(0.1)
                killed_document = (plan, document)
                break
            wait_done(http, APP_A, document)  # made before we could catch it: next plan
        assert killed_document, "the worker was never caught in the middle of a PDF"
        plan, document = killed_document
        # The worker's supervisor (systemd's Restart=always in production) starts a new one.
        killed_pid = int(Path(st["WORKER_PID_FILE"]).read_text())
        deadline = time.monotonic() + 60
        while int(Path(st["WORKER_PID_FILE"]).read_text() or 0) == killed_pid:
            assert time.monotonic() < deadline, "no new worker after the kill"
            time.sleep(0.2)
        assert sql("SELECT status FROM laporan_generateddocument WHERE id = %s", document) == (
            "dibuat"
        )
        # A document with no progress for DOCUMENT_STALLED_AFTER seconds may be made again.
        stalled_after = int(os.environ.get("DOCUMENT_STALLED_AFTER", "10"))
        time.sleep(stalled_after + 1)
        detail = http.get(f"{APP_B}/laporan/dokumen/{document}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail.text).group(1)
        retried = http.post(
            f"{APP_B}/laporan/dokumen/{document}/coba-lagi/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{APP_B}/laporan/dokumen/{document}/"},
        )
        assert retried.status_code == 302
        assert wait_done(http, APP_B, document)["status"] == "selesai"
        count = sql(
            "SELECT COUNT(*) FROM laporan_generateddocument WHERE kind = 'berita_acara' "
            "AND object_id = %s",
            plan,
        )
        pdf = http.get(f"{APP_A}/laporan/dokumen/{document}/unduh/")
        print(f"\nWorker killed during document {document} (plan {plan}): {count} document(s)")
        assert count == 1 and pdf.content.startswith(b"%PDF")


def test_the_s3_server_down_during_an_upload_gives_a_clear_error_and_no_orphan_row():
    st = state()
    if "S3_START" not in st:
        pytest.skip("the stack runs with local media")
    port = int(re.search(r":(\d+)$", os.environ.get("S3_ENDPOINT_URL", ":8340")).group(1))
    with client() as http:
        sign_in(http, APP_A, "ketuart")
        http.get(f"{APP_A}/")
        photos_before = sql("SELECT COUNT(*) FROM sigoro_photo")
        problems_before = sql("SELECT COUNT(*) FROM permasalahan_problem")
        os.kill(int(Path(st["S3_PID_FILE"]).read_text()), signal.SIGKILL)
        time.sleep(1)
        try:
            started = time.monotonic()
            answer = staff_upload(http, APP_B, jpeg(seed=4242))
            took = time.monotonic() - started
            assert answer.status_code == 503, answer.text
            assert (
                "could not be stored" in answer.json()["error"]
                or "tidak dapat" in (answer.json()["error"])
            )
            # The public report form: the same error, the text still in the form.
            public = client()
            status = send_report(public, APP_A, 777)
            assert status == 503
            assert sql("SELECT COUNT(*) FROM sigoro_photo") == photos_before
            assert sql("SELECT COUNT(*) FROM permasalahan_problem") == problems_before
            print(f"\nS3 down: upload answered 503 in {took:.1f} s, no row left behind")
        finally:
            subprocess.run([st["S3_START"]], check=True)
            wait_port(port, 60)
        for _ in range(50):
            again = staff_upload(http, APP_A, jpeg(seed=4243))
            if again.status_code == 201:
                break
            time.sleep(0.5)
        assert again.status_code == 201, again.text
