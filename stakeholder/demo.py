"""Demo data of stage 2: stakeholders of Pangkalbalam, requests in every state, swadaya.

Idempotent: stakeholders are looked up by name, requests and swadaya by a fixed
idempotency key, and a request's whole block (rows, answers, deliveries) is written once in
one transaction; a second run writes nothing. Everything goes through the real services,
as the demo admin and lurah, with dates counted back from today.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sigoro.models import RT, Kecamatan, User
from stakeholder import services
from stakeholder.models import (
    Pledge,
    Stakeholder,
    StakeholderContact,
    StakeholderType,
    SupportRequest,
    Swadaya,
)


@dataclass(frozen=True)
class DemoStakeholder:
    jenis: str
    nama: str
    alamat: str
    kontak: str
    telepon: str
    kelurahan: tuple = ()  # empty: serves the whole kecamatan


STAKEHOLDERS = [
    DemoStakeholder(
        "instansi-pemerintah",
        "Dinas Lingkungan Hidup Kota Pangkalpinang",
        "Jl. Pahlawan 12, Pangkalpinang",
        "Kabid Persampahan",
        "0717-421101",
    ),
    DemoStakeholder(
        "instansi-pemerintah",
        "Dinas PUPR Kota Pangkalpinang",
        "Jl. Rasakunda, Pangkalpinang",
        "Kasi Drainase",
        "0717-421102",
    ),
    DemoStakeholder(
        "instansi-pemerintah",
        "Puskesmas Pangkalbalam",
        "Jl. Yos Sudarso, Pangkalbalam",
        "dr. Meilani",
        "0717-431103",
    ),
    DemoStakeholder(
        "bumn",
        "PT PLN (Persero) UP3 Bangka",
        "Jl. Sudirman, Pangkalpinang",
        "Asman Umum",
        "0717-421201",
    ),
    DemoStakeholder(
        "bumn",
        "PT Timah Tbk",
        "Jl. Jenderal Sudirman 51, Pangkalpinang",
        "Bagian CSR",
        "0717-425202",
    ),
    DemoStakeholder(
        "bumn",
        "PT Pelabuhan Indonesia (Persero) Cabang Pangkalbalam",
        "Jl. Yos Sudarso, Pangkalbalam",
        "Humas",
        "0717-431203",
        ("Ketapang", "Pasir Garam"),
    ),
    DemoStakeholder(
        "instansi-vertikal",
        "Badan Pusat Statistik Kota Pangkalpinang",
        "Jl. Kampung Melayu, Pangkalpinang",
        "Kasubbag Umum",
        "0717-421301",
    ),
    DemoStakeholder(
        "instansi-vertikal",
        "Kantor Urusan Agama Kecamatan Pangkalbalam",
        "Jl. Bhakti, Pangkalbalam",
        "Kepala KUA",
        "0717-431302",
    ),
    DemoStakeholder(
        "tni",
        "Koramil Pangkalbalam",
        "Jl. Yos Sudarso, Pangkalbalam",
        "Kapten Inf. Agus Wibowo",
        "0812-7100-0006",
    ),
    DemoStakeholder(
        "tni",
        "Pangkalan TNI AL Bangka Belitung",
        "Jl. Yos Sudarso, Pangkalbalam",
        "Pasintel",
        "0717-431402",
        ("Ketapang", "Pasir Garam", "Lontong Pancur"),
    ),
    DemoStakeholder(
        "polri",
        "Polsek Pangkalbalam",
        "Jl. Depati Hamzah, Pangkalbalam",
        "Kanit Binmas",
        "0717-431501",
    ),
    DemoStakeholder(
        "polri",
        "Ditpolairud Polda Kepulauan Bangka Belitung",
        "Jl. Yos Sudarso, Pangkalbalam",
        "Kasubdit Gakkum",
        "0717-431502",
        ("Ketapang",),
    ),
    DemoStakeholder(
        "dunia-usaha",
        "Bank Sumsel Babel Cabang Pangkalpinang",
        "Jl. Masjid Jamik, Pangkalpinang",
        "Pemimpin Cabang",
        "0717-421601",
    ),
    DemoStakeholder(
        "dunia-usaha",
        "Toko Bangunan Sinar Jaya",
        "Jl. Selindung Lama, Ampui",
        "Bapak Akiong",
        "0812-7899-1602",
        ("Ampui", "Rejosari"),
    ),
    DemoStakeholder(
        "ormas",
        "Pramuka Kwartir Ranting Pangkalbalam",
        "Jl. Bhakti, Pangkalbalam",
        "Ka Kwarran",
        "0813-7100-1701",
    ),
    DemoStakeholder(
        "ormas",
        "TP PKK Kecamatan Pangkalbalam",
        "Kantor Camat Pangkalbalam",
        "Ibu Ketua TP PKK",
        "0813-7100-1702",
    ),
    DemoStakeholder(
        "ormas",
        "Karang Taruna Kelurahan Ampui",
        "Kantor Lurah Ampui",
        "Ketua Karang Taruna",
        "0813-7100-1703",
        ("Ampui",),
    ),
    DemoStakeholder(
        "pendidikan",
        "SMA Negeri 2 Pangkalpinang",
        "Jl. Sumedang, Pangkalpinang",
        "Wakasek Kesiswaan",
        "0717-421801",
    ),
    DemoStakeholder(
        "pendidikan",
        "SMP Negeri 5 Pangkalpinang",
        "Jl. Kampung Bintang, Pangkalbalam",
        "Pembina OSIS",
        "0717-431802",
        ("Lontong Pancur", "Rejosari"),
    ),
]

# Requests: (key, kelurahan or None, subject, letter date (days ago), needed by (days ago),
# rows [(kind, item, quantity, unit)], answers {stakeholder: [(quantity or None, value,
# answer days ago), ...] per row}, deliveries {stakeholder: [(row, quantity, days ago)]}).
REQUESTS = [
    (
        "demo-permintaan-1",
        "Ampui",
        "Dukungan Jumat Bersih RW 002 Ampui",
        40,
        33,
        [
            ("tenaga", "Personel kerja bakti", 20, "orang"),
            ("alat", "Truk pengangkut sampah", 2, "unit"),
            ("material", "Karung sampah", 200, "buah"),
            ("konsumsi", "Nasi kotak", 100, "kotak"),
        ],
        {
            "Koramil Pangkalbalam": [(20, 0, 38), (0, 0, 38), (0, 0, 38), (0, 0, 38)],
            "Dinas Lingkungan Hidup Kota Pangkalpinang": [
                (0, 0, 37),
                (2, 1_500_000, 37),
                (200, 600_000, 37),
                (0, 0, 37),
            ],
            "TP PKK Kecamatan Pangkalbalam": [
                (None, 0, 0),
                (None, 0, 0),
                (None, 0, 0),
                (50, 1_250_000, 36),
            ],
        },
        {
            "Koramil Pangkalbalam": [(0, 20, 33)],
            "Dinas Lingkungan Hidup Kota Pangkalpinang": [(1, 2, 33), (2, 120, 33)],
        },
    ),
    (
        "demo-permintaan-2",
        "Ketapang",
        "Normalisasi drainase Jl. Depati Hamzah",
        75,
        60,
        [
            ("alat", "Ekskavator mini", 1, "unit"),
            ("material", "Semen", 50, "sak"),
            ("dana", "Biaya konsumsi dan transport relawan", 1, "paket"),
        ],
        {
            "PT Timah Tbk": [(0, 0, 70), (50, 3_250_000, 70), (1, 5_000_000, 70)],
            "Bank Sumsel Babel Cabang Pangkalpinang": [(0, 0, 68), (0, 0, 68), (0, 0, 68)],
        },
        {"PT Timah Tbk": [(1, 50, 62), (2, 1, 62)]},
    ),
    (
        "demo-permintaan-3",
        None,
        "Gerakan Pangkalbalam Bersih menyambut HUT Kota Pangkalpinang",
        20,
        10,
        [
            ("tenaga", "Personel pengamanan dan kerja bakti", 30, "orang"),
            ("arahan", "Pembinaan kesadaran kebersihan warga", 1, "kali"),
            ("dana", "Bantuan bak sampah terpilah", 10, "unit"),
        ],
        {
            "Polsek Pangkalbalam": [(15, 0, 18), (1, 0, 18), (0, 0, 18)],
            "PT PLN (Persero) UP3 Bangka": [(0, 0, 15), (0, 0, 15), (10, 12_500_000, 15)],
            "Pramuka Kwartir Ranting Pangkalbalam": [(25, 0, 16), (0, 0, 16), (0, 0, 16)],
            "Kantor Urusan Agama Kecamatan Pangkalbalam": [],
        },
        {
            "Polsek Pangkalbalam": [(0, 15, 9), (1, 1, 9)],
            "PT PLN (Persero) UP3 Bangka": [(2, 4, 8)],
        },
    ),
    (
        "demo-permintaan-4",
        "Lontong Pancur",
        "Penghijauan bantaran sungai Lontong Pancur",
        12,
        None,
        [
            ("tenaga", "Siswa relawan penanaman", 40, "orang"),
            ("material", "Bibit pohon trembesi dan ketapang", 100, "batang"),
        ],
        {"SMP Negeri 5 Pangkalpinang": [(40, 0, 8), (0, 0, 8)]},
        {},
    ),
    (
        "demo-permintaan-5",
        "Pasir Garam",
        "Bersih pantai dan muara Pasir Garam",
        5,
        None,
        [
            ("alat", "Perahu karet", 2, "unit"),
            ("tenaga", "Personel", 25, "orang"),
            ("konsumsi", "Air mineral", 20, "dus"),
        ],
        {
            "Pangkalan TNI AL Bangka Belitung": [],
            "PT Pelabuhan Indonesia (Persero) Cabang Pangkalbalam": [],
        },
        {},
    ),
    (
        "demo-permintaan-6",
        "Rejosari",
        "Kerja bakti pascabanjir Rejosari",
        200,
        195,
        [
            ("alat", "Pompa air", 2, "unit"),
            ("konsumsi", "Nasi bungkus", 150, "bungkus"),
            ("material", "Kapur dan disinfektan", 20, "kg"),
        ],
        {
            "Dinas PUPR Kota Pangkalpinang": [(2, 2_000_000, 198), (0, 0, 198), (0, 0, 198)],
            "Bank Sumsel Babel Cabang Pangkalpinang": [
                (0, 0, 197),
                (150, 2_250_000, 197),
                (10, 300_000, 197),
            ],
            "Puskesmas Pangkalbalam": [(0, 0, 197), (0, 0, 197), (10, 250_000, 197)],
        },
        {
            "Dinas PUPR Kota Pangkalpinang": [(0, 2, 196)],
            "Bank Sumsel Babel Cabang Pangkalpinang": [(1, 150, 195), (2, 10, 195)],
            "Puskesmas Pangkalbalam": [(2, 10, 196)],
        },
    ),
]

# Swadaya: (key, (kelurahan, rw, rt), days ago, occasion, kind, item, quantity, unit, value,
# source, donor).
SWADAYA = [
    ("demo-swadaya-1", ("Ampui", 2, 3), 33, "Jumat Bersih RW 002", "konsumsi",
     "Nasi kotak dan air mineral", 60, "kotak", 900_000, "warga", ""),
    ("demo-swadaya-2", ("Ampui", 2, 3), 33, "Jumat Bersih RW 002", "jasa",
     "Tenaga kerja bakti warga (45 orang x 4 jam)", 45, "orang", 4_500_000, "warga", ""),
    ("demo-swadaya-3", ("Ampui", 2, 1), 33, "Jumat Bersih RW 002", "uang",
     "Iuran kas RT", None, "", 750_000, "rt", ""),
    ("demo-swadaya-4", ("Ketapang", 3, 2), 62, "Normalisasi drainase", "material",
     "Pasir dan batu split", 3, "m3", 1_350_000, "donatur", "H. Rusli"),
    ("demo-swadaya-5", ("Ketapang", 3, 2), 62, "Normalisasi drainase", "alat",
     "Pinjaman gerobak dan cangkul", 12, "buah", 300_000, "warga", ""),
    ("demo-swadaya-6", ("Lontong Pancur", 1, 2), 8, "Penghijauan", "konsumsi",
     "Kue dan kopi", 40, "porsi", 400_000, "warga", ""),
    ("demo-swadaya-7", ("Rejosari", 4, 1), 95, "Kerja bakti makam", "jasa",
     "Tenaga kerja bakti (30 orang x 3 jam)", 30, "orang", 2_250_000, "warga", ""),
    ("demo-swadaya-8", ("Pasir Garam", 2, 3), 120, "Bersih lingkungan", "uang",
     "Sumbangan pengusaha setempat", None, "", 2_000_000, "donatur", "UD Bahari"),
    ("demo-swadaya-9", ("Rejosari", 2, 2), 195, "Kerja bakti pascabanjir", "jasa",
     "Tenaga warga membersihkan lumpur (60 orang x 5 jam)", 60, "orang", 6_000_000, "warga", ""),
    ("demo-swadaya-10", ("Ampui", 1, 1), 150, "Jumat Bersih RW 001", "konsumsi",
     "Gorengan dan teh", 50, "porsi", 350_000, "warga", ""),
]  # fmt: skip


def _days_ago(days):
    return None if days is None else timezone.localdate() - datetime.timedelta(days=days)


def load_stakeholders(kecamatan: Kecamatan, admin) -> dict[str, Stakeholder]:
    types = {t.kode: t for t in StakeholderType.objects.all()}
    kelurahan = {k.nama: k for k in kecamatan.kelurahan_set.all()}
    existing = {s.nama: s for s in Stakeholder.objects.filter(kecamatan=kecamatan)}
    for demo in STAKEHOLDERS:
        if demo.nama in existing:
            continue
        existing[demo.nama] = services.stakeholder_create(
            user=admin,
            kecamatan=kecamatan,
            jenis=types[demo.jenis],
            nama=demo.nama,
            alamat=demo.alamat,
            kontak_nama=demo.kontak,
            telepon=demo.telepon.replace("-", ""),
            seluruh_kecamatan=not demo.kelurahan,
            kelurahan_layanan=[kelurahan[name] for name in demo.kelurahan],
        )
    return existing


def load_requests(kecamatan: Kecamatan, admin, stakeholders: dict) -> None:
    kelurahan = {k.nama: k for k in kecamatan.kelurahan_set.all()}
    done = set(
        SupportRequest.objects.filter(idempotency_key__in=[r[0] for r in REQUESTS]).values_list(
            "idempotency_key", flat=True
        )
    )
    lurah = User.objects.filter(username="lurah", kelurahan__nama="Ampui").first()
    for number, request_data in enumerate(REQUESTS, start=1):
        key, kel, subject, letter, needed, rows, answers, deliveries = request_data
        if key in done:
            continue
        origin = kelurahan[kel] if kel else None
        author = lurah if (kel == "Ampui" and lurah) else admin
        with transaction.atomic():
            support_request = services.request_create(
                user=author,
                kecamatan=kecamatan,
                kelurahan=origin,
                perihal=subject,
                nomor_surat=f"005/{number:03d}/{'Kel' if kel else 'Kec'}/SIGORO",
                tanggal=_days_ago(letter),
                dibutuhkan_tanggal=_days_ago(needed),
                items=[services.ItemRow(*row) for row in rows],
                stakeholders=[stakeholders[name] for name in answers],
                idempotency_key=key,
            )
            _answer_and_deliver(admin, support_request, answers, deliveries)


def _answer_and_deliver(admin, support_request, answers, deliveries) -> None:
    for recipient in support_request.recipients.select_related("stakeholder"):
        given = answers[recipient.stakeholder.nama]
        if not given:
            continue
        pledges = list(recipient.pledges.select_related("item").order_by("item_id"))
        rows = [
            services.PledgeAnswer(pledge=pledge, jumlah=jumlah, nilai=nilai)
            for (jumlah, nilai, _days), pledge in zip(given, pledges, strict=True)
        ]
        services.recipient_answer(
            user=admin,
            recipient=recipient,
            answers=rows,
            tanggal=_days_ago(max(days for _j, _n, days in given)),
            cara="surat" if given[0][2] > 30 else "telepon",
        )
        for row, jumlah, days in deliveries.get(recipient.stakeholder.nama, []):
            pledge = Pledge.objects.get(pk=pledges[row].pk)
            services.delivery_record(
                user=admin,
                pledge=pledge,
                jumlah=jumlah,
                tanggal=_days_ago(days),
                diterima_oleh="Rina Marlina",
            )


def load_swadaya(kecamatan: Kecamatan, admin) -> None:
    done = set(
        Swadaya.objects.filter(idempotency_key__in=[s[0] for s in SWADAYA]).values_list(
            "idempotency_key", flat=True
        )
    )
    for key, (
        kel,
        rw,
        rt,
    ), days, acara, jenis, item, jumlah, satuan, nilai, sumber, donor in SWADAYA:
        if key in done:
            continue
        place = RT.objects.filter(
            kelurahan__kecamatan=kecamatan, kelurahan__nama=kel, rw__nomor=rw, nomor=rt
        ).first()
        if place is None:
            continue
        services.swadaya_create(
            user=admin,
            rt=place,
            tanggal=_days_ago(days),
            acara=acara,
            jenis=jenis,
            item=item,
            jumlah=jumlah,
            satuan=satuan,
            nilai=nilai,
            sumber=sumber,
            donatur_nama=donor,
            idempotency_key=key,
        )


def link_contact(stakeholders: dict) -> None:
    """The demo stakeholder contact ("mitra", Danramil) answers for the Koramil."""
    koramil = stakeholders.get("Koramil Pangkalbalam")
    mitra = User.objects.filter(username="mitra", role="stakeholder").first()
    if koramil and mitra and not StakeholderContact.objects.filter(user=mitra).exists():
        services.stakeholder_contact_link(account=mitra, stakeholder=koramil)


def load_demo(kecamatan: Kecamatan) -> dict[str, Stakeholder]:
    admin = User.objects.filter(username="admin", kecamatan=kecamatan).first()
    if admin is None:
        return {}
    stakeholders = load_stakeholders(kecamatan, admin)
    link_contact(stakeholders)
    load_requests(kecamatan, admin, stakeholders)
    load_swadaya(kecamatan, admin)
    return stakeholders
