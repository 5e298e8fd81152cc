"""Benchmark of sigoro.photos.process_photo against a naive Pillow path and libvips.

Run: ``.venv/bin/python bench/photos.py [--runs N]``. Prints a table; this is not a test.

Inputs (generated once, cached in the temp dir): a 4000x3000 camera-like JPEG (smooth
structure, edges and sensor grain; quality 92; EXIF Orientation 6, so the photo is upright at
3000x4000) and the same picture as HEIC (orientation stored as a HEIF transform).

Memory: each method x input runs once in a fresh subprocess; the peak RSS increase is the
kernel's high-water mark (reset through /proc/self/clear_refs just before the run) minus the
RSS before it, so Pillow's and libvips' C allocations are counted; tracemalloc (one more run)
only sees Python objects. Time: per input, one subprocess warms every method up, then runs
them round-robin ``--runs`` times, so background load hits all methods alike; wall-clock
median and minimum, and median CPU time (all threads) are reported.

Methods, all producing the same renditions as ``sigoro.photos.RENDITION_SIZES``: thumb and
web (400 and 1600 px longest side; web is also the print size) JPEGs at quality 85 with
optimised Huffman tables:

- pipeline: ``process_photo`` (JPEG: draft decode at the web size in the stored orientation,
  i.e. half scale for 12 MP; strip-parallel LANCZOS; thumb from web). HEIC has no scaled
  decode in pillow-heif, so it is decoded in full;
- naive: Image.open, full decode, ``ImageOps.exif_transpose``, LANCZOS resize of the full
  image to each size, save;
- libvips: ``pyvips.Image.thumbnail`` (autorotate, shrink-on-load) per size, jpegsave.

Quality, two PSNR figures of each method's web rendition (higher is closer):

- PSNR naive: against naive's web JPEG. Both sides carry their own JPEG quantisation, which
  decorrelates as soon as the inputs differ by even 1 LSB, so this needs nearly the same
  pixels before encoding; the calibration line shows what an invisible change scores (the
  exact pixels after an 8-bit YCbCr round trip).
- PSNR exact: against the exact pixels (full decode, exact LANCZOS, not encoded). Naive gets
  one too (its own JPEG loss): a method as close as naive is as faithful as naive.

Targets (pipeline against naive, JPEG): >= 3x faster, <= 1/3 of the peak memory, at most
1.3x the time of libvips (issue 9), and as faithful as naive: its web rendition's PSNR
against the exact pixels at most 0.5 dB below naive's own. PSNR against naive's JPEG is
printed for information only (see the calibration line: it cannot tell an invisible change
from a real one).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

INPUT_VERSION = "v1"
_DEFAULT_THREADS = 0  # set from sigoro.photos at start-up
SIZES = {"thumb": 400, "web": 1600}  # must match sigoro.photos.RENDITION_SIZES
QUALITY = 85
METHODS = ("pipeline", "pipeline-1t", "naive", "libvips")
TARGET_SPEEDUP = 3.0
TARGET_MEMORY = 1 / 3
TARGET_VS_VIPS = 1.3
TARGET_FIDELITY_DB = 0.5  # pipeline's PSNR exact may be at most this far below naive's


# --------------------------------------------------------------------------- inputs


def make_inputs(directory: Path, *, force: bool = False) -> dict[str, Path]:
    """Create (or reuse) the benchmark inputs; returns {label: path}."""
    directory.mkdir(parents=True, exist_ok=True)
    jpeg_path = directory / "photo-4000x3000-o6.jpg"
    heic_path = directory / "photo-4000x3000-o6.heic"
    if force or not (jpeg_path.exists() and heic_path.exists()):
        import pillow_heif
        from PIL import Image, ImageChops, ImageDraw

        pillow_heif.register_heif_opener()
        width, height = 4000, 3000

        def octave(div: int, sigma: float) -> Image.Image:
            small = Image.effect_noise((max(2, width // div), max(2, height // div)), sigma)
            return small.resize((width, height), Image.Resampling.BICUBIC)

        gradients = [
            Image.linear_gradient("L").resize((width, height)),
            Image.radial_gradient("L").resize((width, height)),
            Image.linear_gradient("L").rotate(90).resize((width, height)),
        ]
        bands = []
        for gradient in gradients:
            band = ImageChops.blend(gradient, octave(200, 90), 0.5)
            band = ImageChops.blend(band, octave(25, 70), 0.35)
            bands.append(ImageChops.blend(band, octave(3, 60), 0.25))
        picture = Image.merge("RGB", bands)
        draw = ImageDraw.Draw(picture)
        rnd = random.Random(7)
        for _ in range(60):
            x0, y0 = rnd.randrange(width), rnd.randrange(height)
            box = (x0, y0, x0 + rnd.randrange(40, 900), y0 + rnd.randrange(40, 700))
            colour = tuple(rnd.randrange(256) for _ in range(3))
            shape = draw.ellipse if rnd.random() < 0.5 else draw.rectangle
            shape(box, outline=colour, width=rnd.randrange(2, 14))
        grain = Image.effect_noise((width, height), 4)
        picture = ImageChops.add(picture, Image.merge("RGB", [grain] * 3), offset=-128)

        exif = Image.Exif()
        exif[0x0112] = 6  # camera held upright: stored landscape, displayed portrait
        exif[0x0110] = "Bench camera"
        exif.get_ifd(0x8769)[0x9003] = "2026:08:17 07:30:00"
        picture.save(jpeg_path, "JPEG", quality=92, exif=exif)
        picture.save(
            heic_path,
            "HEIF",
            quality=50,
            exif=exif.tobytes(),
            enc_params={"preset": "ultrafast"},
        )
    return {"JPEG 12MP": jpeg_path, "HEIC 12MP": heic_path}


# --------------------------------------------------------------------------- methods


def fit(width: int, height: int, longest: int) -> tuple[int, int]:
    if max(width, height) <= longest:
        return width, height
    if width >= height:
        return longest, max(1, round(height * longest / width))
    return max(1, round(width * longest / height)), longest


def run_pipeline(path: Path) -> dict[str, bytes]:
    from sigoro.photos import process_photo

    with open(path, "rb") as fh:
        photo = process_photo(fh, max_bytes=64 * 1024 * 1024, max_pixels=50_000_000)
    return {name: r.content for name, r in photo.renditions.items()}


def run_naive(path: Path) -> dict[str, bytes]:
    from PIL import Image, ImageOps

    out = {}
    with Image.open(path) as opened:
        im = ImageOps.exif_transpose(opened)  # full decode + full-size transposed copy
        if im.mode != "RGB":
            im = im.convert("RGB")
        for name, side in SIZES.items():
            resized = im.resize(fit(*im.size, side), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=QUALITY, optimize=True)
            out[name] = buffer.getvalue()
    return out


def run_libvips(path: Path) -> dict[str, bytes]:
    import pyvips

    out = {}
    for name, side in SIZES.items():
        image = pyvips.Image.thumbnail(str(path), side, height=side, size="down")
        out[name] = image.jpegsave_buffer(Q=QUALITY, optimize_coding=True, keep="none")
    return out


RUNNERS = {
    "pipeline": run_pipeline,
    "pipeline-1t": run_pipeline,
    "naive": run_naive,
    "libvips": run_libvips,
}


# --------------------------------------------------------------------------- worker


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _prepare(method: str) -> None:
    """Import and configure what a method needs, outside any measurement."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    Image.init()
    if method == "libvips":
        import pyvips

        pyvips.cache_set_max(0)  # no operation cache: every run decodes again
    if method.startswith("pipeline"):
        import sigoro.photos

        # pipeline-1t: what one upload gets on a server whose cores are all busy.
        sigoro.photos._THREADS = 1 if method == "pipeline-1t" else _DEFAULT_THREADS


def memory_worker(method: str, path: Path, web_out: Path) -> None:
    import gc
    import resource
    import tracemalloc

    _prepare(method)
    runner = RUNNERS[method]
    gc.collect()
    if _reset_peak():
        before = _status_kb("VmRSS") or 0
        outputs = runner(path)
        peak_kb = (_status_kb("VmHWM") or 0) - before
    else:  # fall back to getrusage: only counts growth above the import-time peak
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outputs = runner(path)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    web_out.write_bytes(outputs["web"])

    gc.collect()
    tracemalloc.start()
    runner(path)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_kb / 1024,
                "tracemalloc_mb": traced_peak / (1024 * 1024),
                "out_kb": sum(len(v) for v in outputs.values()) / 1024,
                "sizes": {k: _jpeg_size(v) for k, v in outputs.items()},
            }
        )
    )


def time_worker(path: Path, runs: int, methods: list[str]) -> None:
    import gc

    for method in methods:  # warm-up: imports, plugin registration, page cache
        _prepare(method)
        RUNNERS[method](path)
    times: dict[str, list[float]] = {m: [] for m in methods}
    cpu: dict[str, list[float]] = {m: [] for m in methods}
    for i in range(runs):
        for method in methods[i % len(methods) :] + methods[: i % len(methods)]:
            _prepare(method)
            gc.collect()
            start, start_cpu = time.perf_counter(), _cpu_seconds()
            RUNNERS[method](path)
            times[method].append((time.perf_counter() - start) * 1000)
            cpu[method].append((_cpu_seconds() - start_cpu) * 1000)
    print(json.dumps({"times_ms": times, "cpu_ms": cpu}))


def _cpu_seconds() -> float:
    """User + system CPU time of the whole process (all threads, libvips' included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _jpeg_size(data: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return f"{im.width}x{im.height}"


# --------------------------------------------------------------------------- report


def _rgb(image):
    """A decoded RGB image from a path or an image."""
    from PIL import Image

    if isinstance(image, Path):
        with Image.open(image) as opened:
            return opened.convert("RGB")
    return image.convert("RGB")


def psnr(a, b) -> float | None:
    """PSNR in dB of two images (paths or PIL images); None when the sizes differ."""
    from PIL import ImageChops, ImageStat

    a, b = _rgb(a), _rgb(b)
    if a.size != b.size:
        return None
    diff = ImageChops.difference(a, b)
    mse = sum(v * v for v in ImageStat.Stat(diff).rms) / 3
    return math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)


def exact_web(path: Path):
    """Naive's web pixels before encoding: full decode, exif_transpose, exact LANCZOS."""
    from PIL import Image, ImageOps

    with Image.open(path) as opened:
        upright = ImageOps.exif_transpose(opened).convert("RGB")
    return upright.resize(fit(*upright.size, SIZES["web"]), Image.Resampling.LANCZOS)


def jpeg_roundtrip(image):
    """``image`` encoded like every rendition (quality 85, optimised) and decoded again."""
    from PIL import Image

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, optimize=True)
    return _rgb(Image.open(io.BytesIO(buffer.getvalue())))


def _db(value: float | None) -> str:
    if value is None:
        return "n/a"
    return "identical" if math.isinf(value) else f"{value:.1f}"


def _subprocess(*args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per method and input")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the input files")
    parser.add_argument("--memory-worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--time-worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global _DEFAULT_THREADS
    from sigoro.photos import _THREADS, RENDITION_SIZES

    if SIZES != RENDITION_SIZES:
        parser.error(f"SIZES {SIZES} differ from sigoro.photos.RENDITION_SIZES {RENDITION_SIZES}")

    _DEFAULT_THREADS = _THREADS
    if args.memory_worker:
        method, path, web_out = args.memory_worker
        memory_worker(method, Path(path), Path(web_out))
        return
    if args.time_worker:
        path, runs, *methods = args.time_worker
        time_worker(Path(path), int(runs), methods)
        return

    started = time.perf_counter()
    cache = Path(tempfile.gettempdir()) / f"sigoro-bench-photos-{INPUT_VERSION}"
    inputs = make_inputs(cache, force=args.regenerate)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(
        f"process_photo benchmark: {args.runs} timed runs per method (round-robin), "
        f"{os.cpu_count()} CPUs, pipeline threads={_THREADS}, load average {load:.2f}"
    )
    if load > 0.7:
        print("WARNING: the machine is busy, timings are noisy.")
    for label, path in inputs.items():
        print(f"  {label}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print()

    header = (
        f"{'method':<11} {'input':<9} {'median ms':>9} {'min ms':>6} {'CPU ms':>6} "
        f"{'peak RSS MB':>11} {'tracemalloc MB':>14} {'out KB':>6} {'PSNR naive':>10} "
        f"{'PSNR exact':>10}  web/thumb"
    )
    print(header)
    print("-" * len(header))
    results: dict[tuple[str, str], dict] = {}
    calibration: dict[str, tuple] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in inputs.items():
            exact = exact_web(path)
            webs = {}
            for method in METHODS:
                webs[method] = Path(tmp) / f"{method}-{path.stem}.jpg"
                results[method, label] = _subprocess(
                    "--memory-worker", method, str(path), str(webs[method])
                )
            working = [m for m in METHODS if "error" not in results[m, label]]
            timing = _subprocess("--time-worker", str(path), str(args.runs), *working)
            for method in working:
                if "error" in timing:
                    results[method, label] = timing
                else:
                    results[method, label]["times_ms"] = timing["times_ms"][method]
                    results[method, label]["cpu_ms"] = timing["cpu_ms"][method]
            for method in METHODS:
                r = results[method, label]
                if "error" in r:
                    print(f"{method:<11} {label:<9} ERROR {r['error']}")
                    continue
                r["psnr_naive"] = psnr(webs[method], webs["naive"]) if method != "naive" else None
                r["psnr_exact"] = psnr(webs[method], exact)
                sizes = "/".join(r["sizes"][k] for k in ("web", "thumb"))
                print(
                    f"{method:<11} {label:<9} {statistics.median(r['times_ms']):>9.0f} "
                    f"{min(r['times_ms']):>6.0f} {statistics.median(r['cpu_ms']):>6.0f} "
                    f"{r['peak_rss_mb']:>11.1f} {r['tracemalloc_mb']:>14.1f} "
                    f"{r['out_kb']:>6.0f} "
                    f"{'ref' if method == 'naive' else _db(r['psnr_naive']):>10} "
                    f"{_db(r['psnr_exact']):>10}  {sizes}"
                )
            if "error" not in results["naive", label]:
                shifted = exact.convert("YCbCr").convert("RGB")
                encoded = jpeg_roundtrip(shifted)
                calibration[label] = (
                    psnr(shifted, exact),
                    psnr(encoded, webs["naive"]),
                    psnr(encoded, exact),
                )

    print()
    for label, (raw, against_naive, against_exact) in calibration.items():
        print(
            f"Calibration, {label}: the exact web pixels after an 8-bit YCbCr round trip "
            f"({_db(raw)} dB, invisible), encoded the same way,"
        )
        print(f"  score PSNR naive {_db(against_naive)}, PSNR exact {_db(against_exact)}")

    print()
    print(
        f"Ratios (targets: naive/pipeline time >= {TARGET_SPEEDUP:.1f}, "
        f"pipeline/naive memory <= {TARGET_MEMORY:.2f},"
    )
    print(
        f"        pipeline/libvips time <= {TARGET_VS_VIPS:.1f}, "
        f"web PSNR exact >= naive's - {TARGET_FIDELITY_DB} dB;"
    )
    print(
        "        every method renders "
        + " / ".join(f"{name} {side} px" for name, side in SIZES.items())
        + ")"
    )
    for label in inputs:
        p, n, v = (results[m, label] for m in ("pipeline", "naive", "libvips"))
        if "error" in p or "error" in n:
            print(f"  {label}: incomplete")
            continue
        p_t, n_t = (statistics.median(r["times_ms"]) for r in (p, n))
        p_cpu, n_cpu = (statistics.median(r["cpu_ms"]) for r in (p, n))
        speedup = n_t / p_t
        memory = p["peak_rss_mb"] / n["peak_rss_mb"] if n["peak_rss_mb"] > 0 else math.nan
        parts = [
            f"naive/pipeline time {speedup:.2f}x ({_verdict(speedup >= TARGET_SPEEDUP)}; "
            f"CPU {n_cpu / p_cpu:.2f}x)",
            f"pipeline/naive memory {memory:.2f} ({_verdict(memory <= TARGET_MEMORY)})",
        ]
        if "error" in v:
            parts.append("pipeline/libvips n/a (libvips cannot read it here)")
        else:
            vs_vips = p_t / statistics.median(v["times_ms"])
            parts.append(
                f"pipeline/libvips time {vs_vips:.2f}x ({_verdict(vs_vips <= TARGET_VS_VIPS)})"
            )
        quality, exact_p, exact_n = p["psnr_naive"], p["psnr_exact"], n["psnr_exact"]
        faithful = exact_p is not None and exact_n is not None
        faithful = faithful and exact_p >= exact_n - TARGET_FIDELITY_DB
        parts.append(
            f"web PSNR exact {_db(exact_p)} dB against naive's own {_db(exact_n)} dB "
            f"({_verdict(faithful)}; PSNR against naive's JPEG {_db(quality)} dB, for information)"
        )
        print(f"  {label}: " + ", ".join(parts))
        if label.startswith("HEIC"):
            print("    (HEIC: pillow-heif has no scaled decode; the pipeline decodes it in full)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"\nTotal bench time {time.perf_counter() - started:.1f} s, load average now {load:.2f}")


if __name__ == "__main__":
    main()
