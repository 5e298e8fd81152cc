"""Writes of the Open311 API: issuing and revoking API keys, and filing a report.

A POSTed request enters stage 1 exactly like a public report: the public report form
checks it (``open311.forms.report_form``), the photo pipeline reads its ``media`` file and
``permasalahan.services.problem_create`` records it, with the source "Open311" and the
client's name. A remote ``media_url`` is never fetched: the server requests no address a
client names.
"""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from open311.models import ApiClient
from open311.selectors import api_key_hash
from permasalahan import services as problem_services
from permasalahan.models import Problem, Source
from sigoro import access
from sigoro.services import create_once

API_KEY_PREFIX = "sgr_"
API_KEY_BYTES = 32


def client_issue(*, user, nama: str, kecamatan, idempotency_key: str | None = None) -> ApiClient:
    """Issue an API key for a client in ``kecamatan``. The key is returned once, as
    ``client.kunci`` on the new client; only its hash is stored. A repeated
    ``idempotency_key`` (a double submit) returns the first client, without the key."""
    access.require(user, "api_client.manage", kecamatan)
    key = API_KEY_PREFIX + secrets.token_urlsafe(API_KEY_BYTES)
    client = ApiClient(
        nama=nama.strip(),
        kecamatan=kecamatan,
        kunci_hash=api_key_hash(key),
        kunci_awal=key[: len(API_KEY_PREFIX) + 4],
        dibuat_oleh=user if user.is_authenticated else None,
        idempotency_key=idempotency_key or None,
    )
    client.full_clean(exclude=["idempotency_key", "kunci_hash", "kunci_awal"])

    def create() -> ApiClient:
        client.save()
        client.kunci = key
        return client

    return create_once(ApiClient, idempotency_key, create)


def client_revoke(*, user, client: ApiClient, now=None) -> ApiClient:
    """Revoke a client's key: from now on its requests are refused (403)."""
    access.require(user, "api_client.manage", client)
    with transaction.atomic():
        ApiClient.objects.filter(pk=client.pk, aktif=True).update(
            aktif=False, dicabut_pada=now or timezone.now()
        )
    client.refresh_from_db()
    return client


def request_idempotency_key(*, client: ApiClient, fields: dict, media=None) -> str:
    """The same POST sent twice (a retry after a lost answer) makes one report: its key is
    the hash of the client, every field and the photo's bytes."""
    digest = hashlib.sha256(f"open311:{client.pk}".encode())
    for name in sorted(fields):
        digest.update(f"\x00{name}\x00{fields[name]}".encode())
    if media is not None:
        for chunk in media.chunks():
            digest.update(chunk)
        media.seek(0)
    return digest.hexdigest()


def request_create(*, client: ApiClient, form, idempotency_key: str) -> Problem:
    """File the report of a valid public report ``form`` sent by ``client``: its RT must lie
    in the client's kecamatan. Raises ValidationError (and PhotoError for a bad photo)."""
    rt = form.cleaned_data["rt"]
    if rt.kelurahan.kecamatan_id != client.kecamatan_id:
        raise ValidationError(_("This RT is not in the kecamatan of this API key."))
    processed = problem_services.process_uploads(form.uploads())
    return problem_services.problem_create(
        user=None,
        kategori=form.cleaned_data["kategori"],
        rt=rt,
        alamat=form.cleaned_data["alamat"],
        deskripsi=form.cleaned_data["deskripsi"],
        lat=form.cleaned_data["lat"],
        lon=form.cleaned_data["lon"],
        processed_photos=processed,
        pelapor_nama=form.cleaned_data["nama"],
        pelapor_hp=form.cleaned_data["hp"],
        sumber=Source.OPEN311,
        sumber_keterangan=client.nama,
        idempotency_key=idempotency_key,
    )
