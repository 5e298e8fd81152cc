"""Demo data of stage 6: the Pangkalbalam office letterhead (safe to run twice)."""

from laporan.models import KopSurat


def load_letterhead(kecamatan) -> KopSurat:
    kop, _ = KopSurat.objects.get_or_create(
        kecamatan=kecamatan,
        defaults={
            "pemerintah": "PEMERINTAH KOTA PANGKALPINANG",
            "nama_kantor": f"KECAMATAN {kecamatan.nama.upper()}",
            "alamat": "Jl. Masjid Jamik No. 2, Pangkalbalam, Pangkalpinang 33113",
            "telepon": "(0717) 431234",
            "email": "kec.pangkalbalam@pangkalpinangkota.go.id",
            "kota_surat": "Pangkalpinang",
            "nama_camat": "",
            "nip_camat": "197503122000031004",  # a made-up NIP for the demo
        },
    )
    return kop
