"""What a 12 MP phone photo costs to send on a poor network, with and without the browser's
downscale (static/sigoro/js/photo-upload.js).

Run: ``.venv/bin/python bench/upload.py [--kbps 400] [--latency-ms 400] [--photos 1]``
(needs Chromium and the dev requirements: Playwright). Prints a table; this is not a test.

Inputs: 4000x3000 JPEGs made like a phone camera's (sensor-like noise, quality 88, EXIF
Orientation 6, so upright 3000x4000), the generator the browser test uses
(``tests.photo_samples.camera_12mp_jpeg``): about 4.7 MB each.

For each photo, headless Chromium (Debian's /usr/bin/chromium through Playwright) loads a
page with the real scripts (vendored browser-image-compression + photo-upload.js) and:

- "original": ``SigoroUpload.uploadPhoto(file)``, the photo as chosen;
- "downscaled": ``SigoroUpload.downscale(file)`` (timed: the phone's CPU work, here on this
  machine's CPU), then ``uploadPhoto`` of the result.

Both uploads go to a sink on 127.0.0.1 that reads the whole multipart body and counts its
bytes (the request as sent: headers of the parts included), with the network throttled
through CDP ``Network.emulateNetworkConditions`` (``--kbps`` up and down, ``--latency-ms``).
Two times are printed per row: "measured" is the upload's wall time in the throttled
browser; "computed" is ``bytes * 8 / (kbps * 1000) + latency``, the line rate alone, for a
phone where Chromium's emulation is not at hand. The downscaled photo's size and
orientation are read from the bytes the sink received.
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STATIC = ROOT / "static"
SCRIPTS = [
    "vendor/browser-image-compression/browser-image-compression.js",
    "sigoro/js/photo-upload.js",
]
PAGE = (
    "<!doctype html><meta charset=utf-8><title>bench</title>"
    '<input type="hidden" name="csrfmiddlewaretoken" value="bench">'
    '<input type="file" id="photo">'
    + "".join(f'<script src="/static/{s}"></script>' for s in SCRIPTS)
)

RUN = """async ({kind}) => {
  const file = document.getElementById("photo").files[0];
  const t0 = performance.now();
  const blob = kind === "downscaled" ? await SigoroUpload.downscale(file) : file;
  const t1 = performance.now();
  await SigoroUpload.uploadPhoto(blob, SigoroUpload.newKey(), {tries: 1});
  const t2 = performance.now();
  return {bytes: blob.size, prepare_ms: t1 - t0, upload_ms: t2 - t1};
}"""


class Sink(http.server.BaseHTTPRequestHandler):
    """Serves the page and the scripts; takes uploads and keeps the last body."""

    last_body = b""
    last_content_length = 0

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        if self.path == "/":
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
            return
        if self.path.startswith("/static/"):
            path = (STATIC / self.path.removeprefix("/static/")).resolve()
            if STATIC in path.parents and path.is_file():
                self._send(200, path.read_bytes(), "text/javascript")
                return
        self._send(404, b"", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        type(self).last_body = body
        type(self).last_content_length = length
        answer = {"uuid": "0" * 32, "thumb": "/static/none"}
        self._send(201, json.dumps(answer).encode(), "application/json")

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def photo_in_body(body: bytes) -> tuple[int, int, int | None]:
    """(width, height, EXIF orientation) of the JPEG inside a multipart body."""
    from PIL import Image

    start = body.find(b"\xff\xd8\xff")
    end = body.rfind(b"\xff\xd9")
    with Image.open(io.BytesIO(body[start : end + 2])) as img:
        return img.width, img.height, img.getexif().get(0x0112)


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    sys.exit("No Chromium found: apt-get install chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--latency-ms", type=int, default=400)
    parser.add_argument("--photos", type=int, default=1, help="photos to take the median of")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS
    from tests.photo_samples import camera_12mp_jpeg

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows: dict[str, list[dict]] = {"original": [], "downscaled": []}
    shapes = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(base + "/")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": args.latency_ms,
                "downloadThroughput": args.kbps * 1000 / 8,
                "uploadThroughput": args.kbps * 1000 / 8,
            },
        )
        for seed in range(args.photos):
            path = Path(tmp) / f"IMG_{seed}.jpg"
            path.write_bytes(camera_12mp_jpeg(orientation=6, seed=seed))
            page.set_input_files("#photo", str(path))
            for kind in rows:
                result = page.evaluate(RUN, {"kind": kind})
                result["sent"] = Sink.last_content_length
                result["file"] = path.stat().st_size
                rows[kind].append(result)
                shapes[kind] = photo_in_body(Sink.last_body)
        browser.close()
    server.shutdown()

    def computed(sent: int) -> float:
        return sent * 8 / (args.kbps * 1000) + args.latency_ms / 1000

    print(
        f"12 MP photo (4000x3000, EXIF orientation 6), {args.photos} photos, "
        f"{args.kbps} kbps up/down, {args.latency_ms} ms latency "
        "(Chromium, CDP Network.emulateNetworkConditions)"
    )
    header = (
        f"{'':<11} {'photo sent':>12} {'request':>12} {'pixels sent':>12} {'EXIF':>5} "
        f"{'prepare':>9} {'measured':>9} {'computed':>9}"
    )
    print(header)
    for kind, results in rows.items():
        sent = statistics.median(r["sent"] for r in results)
        photo = statistics.median(r["bytes"] for r in results)
        prepare = statistics.median(r["prepare_ms"] for r in results) / 1000
        measured = statistics.median(r["upload_ms"] for r in results) / 1000
        width, height, orientation = shapes[kind]
        print(
            f"{kind:<11} {photo / 1e6:>9.2f} MB {sent / 1e6:>9.2f} MB {width:>5}x{height:<6} "
            f"{orientation or '-':>5} {prepare:>8.1f}s {measured:>8.1f}s {computed(sent):>8.1f}s"
        )
    saved = 1 - statistics.median(r["sent"] for r in rows["downscaled"]) / statistics.median(
        r["sent"] for r in rows["original"]
    )
    print(
        f"Downscale in the browser: {saved:.0%} fewer bytes. Times are medians; 'measured' is "
        "the throttled upload's wall time in Chromium, 'computed' = bytes*8/rate + latency; "
        "'prepare' is the downscale on this machine's CPU (a cheap phone is slower)."
    )


if __name__ == "__main__":
    main()
