"""SIGORO under load (issue 14, item 5): a mix of residents and staff against one server.

Run through ``bench/load/run.sh`` (it starts gunicorn, prepares the data and prints the
summary). Reads the JSON written by ``prepare.py`` from ``LOAD_DATA``. Users:

- Warga (public, no account): the tracking page of a real code, the public schedule, the
  map data of a viewport (bbox) at street and city zoom.
- Staf (a lurah or camat account, signed in once): the problem list, the dashboard.
- Pelapor (public): opens the report form and sends it with a real JPEG (the public rate
  limits must be raised for the run: run.sh sets them through the environment).
- Dasbor (a lurah or camat account): the dashboard only, with no wait, for the dashboard's
  own throughput (issue 14: >= 100 req/s); not in the default mix, run it alone with
  ``LOAD_CLASSES=Dasbor bench/load/run.sh``.
- Lacak (public): the tracking page only, with no wait, for its own throughput (issue 14:
  >= 300 req/s): ``LOAD_CLASSES=Lacak bench/load/run.sh``.

Dasbor and Lacak use locust's FastHttpUser: locust runs on the same two cores as the
server, and its cheaper client leaves more of them to the server.

Request names group URLs by page (``/lacak/[kode]/``) so the statistics are per endpoint.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, HttpUser, between, task

DATA = json.loads(Path(os.environ["LOAD_DATA"]).read_text())
PHOTO = Path(DATA["photo"]).read_bytes()
WAIT = float(os.environ.get("LOAD_WAIT", "0.5"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([^"]*)"')


def bbox(width: float) -> str:
    box = DATA["bbox"]
    lat = random.uniform(box["min_lat"], box["max_lat"] - width)
    lon = random.uniform(box["min_lon"], box["max_lon"] - width)
    return f"{lon:.5f},{lat:.5f},{lon + width:.5f},{lat + width:.5f}"


class Warga(HttpUser):
    weight = 6
    wait_time = between(0, WAIT)

    @task(10)
    def tracking_page(self):
        kode = random.choice(DATA["codes"])
        self.client.get(f"/lacak/{kode}/", name="/lacak/[kode]/")

    @task(3)
    def public_schedule(self):
        pk = random.choice(DATA["kelurahan"])
        self.client.get(f"/jadwal/{pk}/", name="/jadwal/[kelurahan]/")

    @task(1)
    def public_schedule_index(self):
        self.client.get("/jadwal/", name="/jadwal/")

    @task(2)
    def map_street(self):
        params = {"bbox": bbox(0.01), "zoom": 16}
        self.client.get("/peta/data.geojson", params=params, name="/peta/data.geojson (street)")

    @task(1)
    def map_city(self):
        box = DATA["bbox"]
        whole = f"{box['min_lon']},{box['min_lat']},{box['max_lon']},{box['max_lat']}"
        params = {"bbox": whole, "zoom": 12}
        self.client.get("/peta/data.geojson", params=params, name="/peta/data.geojson (city)")


class Staf(HttpUser):
    weight = 3
    wait_time = between(0, WAIT)

    def on_start(self):
        role = random.choice(["lurah", "camat"])
        username = random.choice(DATA[role] or DATA["lurah"])
        page = self.client.get("/akun/masuk/", name="/akun/masuk/")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/akun/masuk/",
            {"username": username, "password": DATA["password"], "csrfmiddlewaretoken": token},
            name="/akun/masuk/ (POST)",
        )

    @task(3)
    def problem_list(self):
        self.client.get("/permasalahan/", name="/permasalahan/")

    @task(1)
    def problem_list_filtered(self):
        self.client.get("/permasalahan/?status=terbuka&sort=-dibuat", name="/permasalahan/?status")

    @task(3)
    def dashboard(self):
        self.client.get("/laporan/", name="/laporan/ (dashboard)")


class Pelapor(HttpUser):
    weight = 1
    wait_time = between(1, 1 + 4 * WAIT)

    @task
    def report_with_photo(self):
        # A fresh browser each time: GET /lapor/ redirects to the form with its one-time key.
        self.client.cookies.clear()
        form = self.client.get("/lapor/", name="/lapor/")
        token = CSRF.search(form.text)
        key = IDEMPOTENCY.search(form.text)
        if not token:
            return
        with self.client.post(
            form.url,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "kategori": DATA["kategori"],
                "rt": random.choice(DATA["rts"]),
                "alamat": "Gg. Melati, depan masjid (uji beban)",
                "deskripsi": "Sampah menumpuk di pinggir jalan, uji beban SIGORO.",
                "nama": "",
                "hp": "",
                "website": "",
                "idempotency_key": key.group(1) if key else "",
            },
            files={"foto": ("foto.jpg", PHOTO, "image/jpeg")},
            name="/lapor/ (POST + photo)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and "/lacak/" in response.headers.get("Location", ""):
                response.success()
            else:
                response.failure(f"not saved: {response.status_code}")


if "Dasbor" in os.environ.get("LOAD_CLASSES", ""):

    class Dasbor(FastHttpUser):
        """The dashboard alone (defined only when asked for: the default mix stays as is)."""

        wait_time = between(0, 0)
        on_start = Staf.on_start

        @task
        def dashboard(self):
            self.client.get("/laporan/", name="/laporan/ (dashboard)")


if "Lacak" in os.environ.get("LOAD_CLASSES", ""):

    class Lacak(FastHttpUser):
        """The tracking page alone (defined only when asked for)."""

        wait_time = between(0, 0)

        @task
        def tracking_page(self):
            kode = random.choice(DATA["codes"])
            self.client.get(f"/lacak/{kode}/", name="/lacak/[kode]/")
