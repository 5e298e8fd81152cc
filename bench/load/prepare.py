"""Read, from the database the load test runs against, the real values its simulated users
need: tracking codes, kelurahan for the public schedule, RT and category for the report form,
staff accounts, map boxes inside the city. Writes them as JSON for ``locustfile.py`` (which
runs in locust's own process, without Django).

    DATABASE_URL=postgres://... .venv/bin/python bench/load/prepare.py OUT.json [--kota NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The password seed_scale gives every account (laporan/management/commands/seed_scale.py).
SEED_PASSWORD = "sigoro-demo"


def camera_like_jpeg(path: Path) -> None:
    """A 2,000 x 1,500 px photo with noise (so it compresses like a real one, ~1 MB)."""
    from PIL import Image

    noise = Image.effect_noise((2000, 1500), 64).convert("RGB")
    gradient = Image.linear_gradient("L").resize((2000, 1500)).convert("RGB")
    Image.blend(noise, gradient, 0.5).save(path, "JPEG", quality=85)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--kota", default="Kota Pangkal Pinang")
    parser.add_argument("--codes", type=int, default=500, help="tracking codes to sample")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigoro.settings")
    import django

    django.setup()
    from django.db.models import Max, Min

    from permasalahan.models import Problem, ProblemCategory
    from sigoro.models import RT, Kelurahan, Role, User

    kelurahan = list(
        Kelurahan.objects.filter(kecamatan__kota__nama=args.kota).values_list("pk", flat=True)
    )
    if not kelurahan:
        sys.exit(f"No kelurahan in {args.kota!r}: seed the city first (manage.py seed_scale).")
    # Codes spread over the whole table (every status, old and new), the same on every run.
    ids = Problem.objects.filter(kelurahan__in=kelurahan).aggregate(lo=Min("pk"), hi=Max("pk"))
    rng = random.Random(14)
    wanted = sorted(rng.randint(ids["lo"], ids["hi"]) for _ in range(args.codes))
    codes = list(Problem.objects.filter(pk__in=wanted).values_list("kode", flat=True))
    box = Problem.objects.filter(kelurahan__in=kelurahan, lat__isnull=False).aggregate(
        min_lat=Min("lat"), max_lat=Max("lat"), min_lon=Min("lon"), max_lon=Max("lon")
    )
    staff = {
        role: list(
            User.objects.filter(role=role, is_active=True, kelurahan__in=kelurahan)
            .values_list("username", flat=True)
            .order_by("username")[:10]
        )
        for role in (Role.LURAH,)
    }
    staff[Role.CAMAT] = list(
        User.objects.filter(role=Role.CAMAT, is_active=True, kecamatan__kota__nama=args.kota)
        .values_list("username", flat=True)
        .order_by("username")
    )
    data = {
        "codes": codes,
        "kelurahan": kelurahan,
        "rts": list(
            RT.objects.filter(kelurahan__in=kelurahan[:5]).values_list("pk", flat=True)[:50]
        ),
        "kategori": ProblemCategory.objects.filter(aktif=True).order_by("pk").first().pk,
        "lurah": staff[Role.LURAH],
        "camat": staff[Role.CAMAT],
        "password": os.environ.get("LOAD_PASSWORD", SEED_PASSWORD),
        "bbox": box,
    }
    photo = Path(args.out).with_suffix(".jpg")
    camera_like_jpeg(photo)
    data["photo"] = str(photo)
    Path(args.out).write_text(json.dumps(data))
    print(
        f"{len(codes)} tracking codes, {len(kelurahan)} kelurahan, "
        f"{len(data['lurah'])} lurah and {len(data['camat'])} camat accounts -> {args.out}"
    )


if __name__ == "__main__":
    main()
