import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from django.utils.translation import override
from PIL import Image

from permasalahan.models import Problem
from sigoro import access
from sigoro.models import Photo, Role
from sigoro.photos import PhotoError
from stakeholder import selectors, services
from stakeholder.models import Delivery, Pledge, PledgeStatus, Stakeholder, Swadaya
from tests.permasalahan.factories import ProblemFactory
from tests.stakeholder.factories import stakeholder_type

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def answer(user, pledge, jumlah, nilai=0, above_request=False, **kwargs):
    services.recipient_answer(
        user=user,
        recipient=pledge.recipient,
        answers=[
            services.PledgeAnswer(
                pledge=pledge, jumlah=jumlah, nilai=nilai, above_request=above_request
            )
        ],
        **kwargs,
    )
    pledge.refresh_from_db()
    return pledge


def deliver(user, pledge, jumlah, **kwargs):
    kwargs.setdefault("tanggal", TODAY)
    kwargs.setdefault("diterima_oleh", "Pak RT")
    delivery = services.delivery_record(user=user, pledge=pledge, jumlah=jumlah, **kwargs)
    pledge.refresh_from_db()
    return delivery


def jpeg(width=64, height=48) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("serah-terima.jpg", buffer.getvalue(), content_type="image/jpeg")


# -- registry -------------------------------------------------------------------------------


def test_admin_adds_a_stakeholder_with_a_normal_phone_and_its_area_of_work(stk):
    polsek = services.stakeholder_create(
        user=stk.admin,
        kecamatan=stk.kecamatan,
        jenis=stakeholder_type("polri"),
        nama="  Polsek   Pangkalbalam ",
        telepon="0717-431501",
        seluruh_kecamatan=False,
        kelurahan_layanan=[stk.kelurahan],
    )
    assert polsek.nama == "Polsek Pangkalbalam"
    assert polsek.telepon == "62717431501"
    assert list(polsek.kelurahan_layanan.all()) == [stk.kelurahan]
    # The audit trail: the row, then the kelurahan it serves.
    assert polsek.history.count() == 2


@pytest.mark.parametrize("name", ["Dinas Lingkungan Hidup", "dinas  lingkungan hidup"])
def test_a_duplicate_name_in_the_kecamatan_is_refused_in_indonesian(stk, name):
    with override("id"), pytest.raises(ValidationError) as excinfo:
        services.stakeholder_create(
            user=stk.admin, kecamatan=stk.kecamatan, jenis=stakeholder_type(), nama=name
        )
    assert "Kecamatan ini sudah memiliki stakeholder dengan nama ini." in excinfo.value.messages
    assert Stakeholder.objects.filter(nama__iexact="dinas lingkungan hidup").count() == 1


def test_the_same_name_in_another_kecamatan_is_another_stakeholder(stk):
    other_admin = stk.world.users[Role.ADMIN_KECAMATAN].__class__.objects.create(
        username="admin-b", role=Role.ADMIN_KECAMATAN, kecamatan=stk.gerunggang.kecamatan
    )
    services.stakeholder_create(
        user=other_admin,
        kecamatan=stk.gerunggang.kecamatan,
        jenis=stakeholder_type(),
        nama="Dinas Lingkungan Hidup",
    )
    assert Stakeholder.objects.filter(nama="Dinas Lingkungan Hidup").count() == 2


def test_a_stakeholder_serving_some_kelurahan_needs_one_of_its_own_kecamatan(stk):
    with pytest.raises(ValidationError) as excinfo:
        services.stakeholder_create(
            user=stk.admin,
            kecamatan=stk.kecamatan,
            jenis=stakeholder_type(),
            nama="Karang Taruna",
            seluruh_kecamatan=False,
        )
    assert "kelurahan_layanan" in excinfo.value.message_dict
    foreign = stk.world.other_kecamatan_rt.kelurahan
    with pytest.raises(ValidationError):
        services.stakeholder_create(
            user=stk.admin,
            kecamatan=stk.kecamatan,
            jenis=stakeholder_type(),
            nama="Karang Taruna",
            seluruh_kecamatan=False,
            kelurahan_layanan=[foreign],
        )


def test_only_the_admin_keeps_the_registry(stk):
    with pytest.raises(PermissionDenied):
        services.stakeholder_create(
            user=stk.lurah, kecamatan=stk.kecamatan, jenis=stakeholder_type(), nama="Baru"
        )
    with pytest.raises(Http404):  # another kecamatan's stakeholder
        services.stakeholder_update(user=stk.admin, stakeholder=stk.gerunggang, nama="X")


def test_a_double_submit_creates_one_stakeholder(stk):
    first = services.stakeholder_create(
        user=stk.admin,
        kecamatan=stk.kecamatan,
        jenis=stakeholder_type(),
        nama="PT Timah Tbk",
        idempotency_key="abc",
    )
    again = services.stakeholder_create(
        user=stk.admin,
        kecamatan=stk.kecamatan,
        jenis=stakeholder_type(),
        nama="PT Timah Tbk",
        idempotency_key="abc",
    )
    assert again == first and Stakeholder.objects.filter(nama="PT Timah Tbk").count() == 1


def test_an_unchanged_edit_writes_no_history(stk):
    before = stk.dlh.history.count()
    services.stakeholder_update(
        user=stk.admin,
        stakeholder=stk.dlh,
        jenis=stk.dlh.jenis,
        nama=stk.dlh.nama,
        seluruh_kecamatan=True,
    )
    assert stk.dlh.history.count() == before
    services.stakeholder_update(
        user=stk.admin,
        stakeholder=stk.dlh,
        nama=stk.dlh.nama,
        seluruh_kecamatan=True,
        aktif=False,
    )
    assert stk.dlh.history.count() == before + 1


def test_a_contact_account_sees_only_its_stakeholder(stk):
    account = services.stakeholder_account_create(
        user=stk.admin,
        stakeholder=stk.dlh,
        username="kabid-dlh",
        password="Bersih-Bersama-2026",
        first_name="Budi",
    )
    assert account.role == Role.STAKEHOLDER and account.stakeholder_contact.stakeholder == stk.dlh
    assert account.kecamatan == stk.kecamatan
    assert access.scope_for(account) == access.Scope("stakeholder", stk.dlh.pk)
    assert account.check_password("Bersih-Bersama-2026")


# -- requests -------------------------------------------------------------------------------


def test_a_request_gives_each_stakeholder_its_own_unanswered_rows(stk):
    support_request = stk.request(
        stakeholders=[stk.koramil, stk.dlh],
        items=[
            ("tenaga", "Personel", 20, "orang"),
            ("alat", "Truk sampah", 2, "unit"),
            ("konsumsi", "Nasi kotak", 100, "kotak"),
        ],
    )
    assert support_request.kecamatan == stk.kecamatan
    assert support_request.recipients.count() == 2
    pledges = Pledge.objects.filter(recipient__request=support_request)
    assert pledges.count() == 6
    assert set(pledges.values_list("status", flat=True)) == {PledgeStatus.DIMINTA}


def test_a_lurah_asks_only_for_their_kelurahan(stk):
    with pytest.raises(Http404):
        stk.request(kelurahan=stk.other_kelurahan, stakeholders=[stk.dlh])


def test_a_request_goes_only_to_stakeholders_serving_its_kelurahan(stk):
    with override("id"), pytest.raises(ValidationError) as excinfo:
        stk.request(user=stk.admin, stakeholders=[stk.karang_taruna])
    assert excinfo.value.message_dict["stakeholders"] == [
        "Karang Taruna Ketapang tidak melayani Kelurahan Ampui."
    ]
    with pytest.raises(ValidationError):  # another kecamatan's registry
        stk.request(user=stk.admin, stakeholders=[stk.gerunggang])


@pytest.mark.parametrize(
    ("items", "stakeholders"),
    [([], ["koramil"]), ([services.ItemRow("alat", "Cangkul", 10, "buah")], [])],
)
def test_a_request_needs_rows_and_recipients(stk, items, stakeholders):
    with pytest.raises(ValidationError):
        services.request_create(
            user=stk.lurah,
            kecamatan=stk.kecamatan,
            kelurahan=stk.kelurahan,
            perihal="Kurang lengkap",
            items=items,
            stakeholders=[getattr(stk, name) for name in stakeholders],
        )
    assert not stk.koramil.recipients.exists()


def test_a_double_submit_creates_one_request(stk):
    first = stk.request(idempotency_key="k1")
    assert stk.request(idempotency_key="k1") == first
    assert first.recipients.count() == 1


def test_a_request_addresses_problems_of_its_own_kelurahan_only(stk):
    here = ProblemFactory(rt=stk.world.home_rt)
    there = ProblemFactory(rt=stk.world.foreign_rt[Role.LURAH])
    support_request = stk.request(problems=[here])
    assert list(support_request.problems.all()) == [here]
    with pytest.raises(ValidationError):
        stk.request(user=stk.admin, problems=[there])
    assert Problem.objects.get(pk=here.pk).support_requests.get() == support_request


def test_rows_are_fixed_once_a_stakeholder_answered_but_recipients_can_be_added(stk):
    support_request = stk.request()
    pledge = Pledge.objects.get(recipient__request=support_request)
    row = services.ItemRow("material", "Karung sampah", 200, "buah", pk=pledge.item_id)
    services.request_update(
        user=stk.lurah,
        support_request=support_request,
        items=[row, services.ItemRow("alat", "Cangkul", 10, "buah")],
        stakeholders=[stk.koramil],
    )
    assert support_request.items.count() == 2
    assert Pledge.objects.filter(recipient__request=support_request).count() == 2

    answer(stk.mitra, pledge, 200, 600_000)
    with pytest.raises(ValidationError):
        services.request_update(
            user=stk.lurah,
            support_request=support_request,
            items=[row],
            stakeholders=[stk.koramil],
        )
    with pytest.raises(ValidationError):  # the Koramil answered: it stays
        services.request_update(
            user=stk.lurah,
            support_request=support_request,
            items=[row, *_rows_after_first(support_request)],
            stakeholders=[stk.dlh],
        )
    services.request_update(
        user=stk.lurah,
        support_request=support_request,
        items=[row, *_rows_after_first(support_request)],
        stakeholders=[stk.koramil, stk.dlh],
    )
    assert Pledge.objects.filter(recipient__stakeholder=stk.dlh).count() == 2


def _rows_after_first(support_request):
    return [
        services.ItemRow(i.jenis, i.item, i.jumlah, i.satuan, pk=i.pk)
        for i in support_request.items.order_by("pk")[1:]
    ]


# -- pledges and deliveries: the states -----------------------------------------------------


@pytest.fixture
def pledge(stk):
    return Pledge.objects.get(recipient__request=stk.request())


def test_diminta_to_dijanjikan_to_sebagian_to_diterima(stk, pledge):
    assert pledge.status == PledgeStatus.DIMINTA
    answer(stk.mitra, pledge, 200, 600_000)
    assert (pledge.status, pledge.cara, pledge.tanggal_janji) == ("dijanjikan", "portal", TODAY)
    assert pledge.dijawab_oleh == stk.mitra

    deliver(stk.lurah, pledge, 120, tanggal=days_ago(2))
    assert pledge.status == PledgeStatus.SEBAGIAN
    assert (pledge.jumlah_diterima, pledge.nilai_diterima) == (120, 360_000)
    assert selectors.pledge_deliverable(pledge) == 80

    deliver(stk.lurah, pledge, 80)
    assert pledge.status == PledgeStatus.DITERIMA
    assert (pledge.jumlah_diterima, pledge.nilai_diterima) == (200, 600_000)
    assert selectors.pledge_deliverable(pledge) == 0


def test_the_values_of_partial_deliveries_add_up_to_the_pledge_exactly(stk, pledge):
    answer(stk.mitra, pledge, 3, 1_000_000)
    values = [deliver(stk.lurah, pledge, 1).nilai for _ in range(3)]
    assert values == [333_333, 333_333, 333_334]
    assert pledge.nilai_diterima == 1_000_000


def test_a_delivery_value_given_by_hand_is_kept(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    assert deliver(stk.lurah, pledge, 100, nilai=350_000).nilai == 350_000
    assert pledge.nilai_diterima == 350_000


def test_zero_declines_and_a_declined_row_cannot_be_received(stk, pledge):
    answer(stk.mitra, pledge, 0, 5_000)
    assert (pledge.status, pledge.nilai_dijanjikan) == (PledgeStatus.DITOLAK, 0)
    with pytest.raises(ValidationError):
        deliver(stk.lurah, pledge, 1)
    # It may change its mind.
    answer(stk.mitra, pledge, 50, 150_000)
    assert pledge.status == PledgeStatus.DIJANJIKAN


def test_an_unanswered_row_cannot_be_received(stk, pledge):
    with pytest.raises(ValidationError):
        deliver(stk.lurah, pledge, 1)
    assert not Delivery.objects.exists()


def test_more_than_pledged_is_refused_with_the_figures_unless_confirmed(stk, pledge):
    answer(stk.mitra, pledge, 2000, 6_000_000, above_request=True)
    deliver(stk.lurah, pledge, 1500)
    with override("id"), pytest.raises(ValidationError) as excinfo:
        deliver(stk.lurah, pledge, 1600)
    assert excinfo.value.message_dict["jumlah"] == [
        "Tinggal 500 buah yang belum diterima (dijanjikan 2.000, sudah diterima 1.500). "
        "Jika stakeholder memang memberi 1.600 buah, konfirmasikan: janjinya lalu dinaikkan "
        "menjadi 3.100 buah."
    ]
    assert excinfo.value.error_dict["jumlah"][0].code == "above_pledge"
    assert pledge.jumlah_diterima == 1500 and pledge.deliveries.count() == 1


def test_a_confirmed_delivery_above_the_pledge_raises_the_pledge(stk, pledge):
    """The Koramil pledged 200 sacks worth Rp 600.000 and brought 250: the office confirms,
    the pledge becomes 250 sacks worth Rp 750.000, all of it received."""
    answer(stk.mitra, pledge, 200, 600_000)
    delivery = deliver(stk.lurah, pledge, 250, above_pledge=True)
    assert (pledge.jumlah_dijanjikan, pledge.nilai_dijanjikan) == (250, 750_000)
    assert (delivery.nilai, pledge.jumlah_diterima, pledge.status) == (
        750_000,
        250,
        PledgeStatus.DITERIMA,
    )


def test_a_fully_received_row_says_so(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    deliver(stk.lurah, pledge, 200)
    with override("id"), pytest.raises(ValidationError) as excinfo:
        deliver(stk.lurah, pledge, 1, above_pledge=True)
    assert excinfo.value.messages == [
        "Semua yang dijanjikan untuk baris ini sudah diterima. Jika stakeholder memberi "
        "lebih, ubah dulu janjinya."
    ]


def test_a_pledge_cannot_fall_below_what_was_delivered(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    deliver(stk.lurah, pledge, 150)
    with override("id"), pytest.raises(ValidationError) as excinfo:
        answer(stk.mitra, pledge, 100, 300_000)
    assert excinfo.value.messages == [
        "Karung sampah: sudah diserahkan 150 buah; sanggupi paling sedikit sebanyak itu."
    ]
    answer(stk.mitra, pledge, 150, 450_000)  # what came is all that will come
    assert pledge.status == PledgeStatus.DITERIMA


def test_an_empty_answer_saves_nothing_and_says_so(stk, pledge):
    with override("id"), pytest.raises(ValidationError) as excinfo:
        answer(stk.mitra, pledge, None, jawaban="  ")
    assert excinfo.value.messages == [
        "Belum ada yang tersimpan: isi jumlah yang disanggupi untuk paling sedikit satu baris "
        "(0 berarti menolak baris itu), atau tulis catatan."
    ]
    recipient = pledge.recipient.__class__.objects.get(pk=pledge.recipient_id)
    assert (pledge.status, recipient.dijawab_pada) == (PledgeStatus.DIMINTA, None)
    # A note alone is an answer ("we confirm next week"): it is saved, the row still waits.
    answer(stk.mitra, pledge, None, jawaban="Kami konfirmasi minggu depan.")
    recipient.refresh_from_db()
    assert (recipient.jawaban, pledge.status) == ("Kami konfirmasi minggu depan.", "diminta")


def test_pledging_more_than_asked_needs_a_confirmation(stk, pledge):
    with override("id"), pytest.raises(ValidationError) as excinfo:
        answer(stk.mitra, pledge, 1250, 900_000)
    assert excinfo.value.messages == [
        "Karung sampah: ini 1.050 buah lebih banyak daripada 200 buah yang diminta. "
        "Konfirmasikan jika memang ingin menyanggupi lebih dari yang diminta."
    ]
    assert pledge.status == PledgeStatus.DIMINTA
    answer(stk.mitra, pledge, 1250, 900_000, above_request=True)
    assert (pledge.jumlah_dijanjikan, selectors.pledge_above_request(pledge)) == (1250, 1050)


def test_an_answered_row_cannot_be_emptied(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    with pytest.raises(ValidationError):
        answer(stk.mitra, pledge, None)


def test_staff_record_an_answer_given_by_letter_with_its_date(stk, pledge):
    answer(stk.lurah, pledge, 100, 300_000, tanggal=days_ago(10), cara="surat")
    assert (pledge.cara, pledge.tanggal_janji, pledge.dijawab_oleh) == (
        "surat",
        days_ago(10),
        stk.lurah,
    )
    with pytest.raises(ValidationError) as excinfo:
        answer(stk.lurah, pledge, 100, 300_000, tanggal=TODAY + datetime.timedelta(days=1))
    assert list(excinfo.value.message_dict) == ["tanggal"]


def test_the_answer_date_is_the_day_of_now(stk, pledge):
    """A contact answers in SIGORO: the pledge date is the day of ``now``; the office may
    record an answer dated up to that day, not after."""
    now = timezone.make_aware(datetime.datetime(2026, 3, 31, 23, 30))
    answer(stk.mitra, pledge, 100, 300_000, now=now)
    assert (pledge.tanggal_janji, pledge.cara) == (datetime.date(2026, 3, 31), "portal")
    assert pledge.recipient.__class__.objects.get(pk=pledge.recipient_id).dijawab_pada == now
    answer(stk.lurah, pledge, 120, 360_000, tanggal=datetime.date(2026, 3, 31), now=now)
    with pytest.raises(ValidationError):
        answer(stk.lurah, pledge, 150, 450_000, tanggal=datetime.date(2026, 4, 1), now=now)


def test_a_contact_answers_only_its_own_rows(stk):
    support_request = stk.request(user=stk.admin, stakeholders=[stk.koramil, stk.dlh])
    dlh_pledge = Pledge.objects.get(
        recipient__request=support_request, recipient__stakeholder=stk.dlh
    )
    with pytest.raises(Http404):
        answer(stk.mitra, dlh_pledge, 10)
    dlh_pledge.refresh_from_db()
    assert dlh_pledge.status == PledgeStatus.DIMINTA


def test_rt_heads_and_the_camat_do_not_answer_or_receive(stk, pledge):
    for role in (Role.KETUA_RT, Role.CAMAT):
        with pytest.raises(PermissionDenied):
            answer(stk.user(role), pledge, 10)
    answer(stk.mitra, pledge, 10, 30_000)
    with pytest.raises(PermissionDenied):  # the stakeholder does not confirm its own delivery
        deliver(stk.mitra, pledge, 10)


def test_an_unchanged_answer_writes_no_history(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    count = pledge.history.count()
    answer(stk.mitra, pledge, 200, 600_000)
    assert pledge.history.count() == count


def test_a_double_submitted_delivery_is_recorded_once(stk, pledge):
    answer(stk.mitra, pledge, 200, 600_000)
    first = deliver(stk.lurah, pledge, 50, idempotency_key="d1")
    again = deliver(stk.lurah, pledge, 50, idempotency_key="d1")
    assert again == first and pledge.jumlah_diterima == 50


def test_a_delivery_with_its_photo(stk, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    answer(stk.mitra, pledge, 200, 600_000)
    delivery = deliver(stk.lurah, pledge, 200, upload=jpeg())
    assert delivery.foto is not None and delivery.foto.uploaded_by == stk.lurah
    assert all((tmp_path / f.name).exists() for f in delivery.foto.files)


def test_a_bad_photo_saves_nothing(stk, pledge, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    answer(stk.mitra, pledge, 200, 600_000)
    upload = SimpleUploadedFile("foto.jpg", b"not a photo at all", content_type="image/jpeg")
    with pytest.raises(PhotoError):
        deliver(stk.lurah, pledge, 100, upload=upload)
    assert (Delivery.objects.count(), Photo.objects.count(), pledge.jumlah_diterima) == (0, 0, 0)
    assert not any(tmp_path.rglob("*.jpg"))


def test_a_failing_delivery_removes_its_photo_files(stk, pledge, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    answer(stk.mitra, pledge, 200, 600_000)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Delivery, "save", broken)
    with pytest.raises(RuntimeError):
        deliver(stk.lurah, pledge, 100, upload=jpeg())
    assert Photo.objects.count() == 0
    assert not any(tmp_path.rglob("*.jpg"))


# -- swadaya --------------------------------------------------------------------------------


def swadaya(user, rt, **fields):
    values = {
        "tanggal": days_ago(1),
        "jenis": "konsumsi",
        "item": "Nasi kotak",
        "jumlah": 60,
        "satuan": "kotak",
        "nilai": 900_000,
        "sumber": "warga",
    }
    values.update(fields)
    return services.swadaya_create(user=user, rt=rt, **values)


def test_an_rt_head_records_the_swadaya_of_their_rt_only(stk):
    rt_head = stk.user(Role.KETUA_RT)
    given = swadaya(rt_head, stk.world.home_rt)
    assert (given.kelurahan, given.nilai) == (stk.kelurahan, 900_000)
    with pytest.raises(Http404):
        swadaya(rt_head, stk.world.foreign_rt[Role.KETUA_RT])
    with pytest.raises(PermissionDenied):
        swadaya(stk.mitra, stk.world.home_rt)


def test_swadaya_is_not_in_the_future_and_a_double_submit_is_one(stk):
    with pytest.raises(ValidationError):
        swadaya(stk.lurah, stk.world.home_rt, tanggal=TODAY + datetime.timedelta(days=1))
    # "Today" is a keyword: a date is in the future only after it.
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert swadaya(stk.lurah, stk.world.home_rt, tanggal=tomorrow, today=tomorrow).pk
    Swadaya.objects.all().delete()
    first = swadaya(stk.lurah, stk.world.home_rt, idempotency_key="s1")
    assert swadaya(stk.lurah, stk.world.home_rt, idempotency_key="s1") == first
    assert Swadaya.objects.count() == 1


def test_swadaya_moves_only_to_an_rt_in_the_area(stk):
    rw_head = stk.user(Role.KETUA_RW)
    given = swadaya(rw_head, stk.world.home_rt)
    sibling = stk.world.foreign_rt[Role.KETUA_RT]  # same RW
    services.swadaya_update(user=rw_head, swadaya=given, rt=sibling, nilai=1_000_000)
    given.refresh_from_db()
    assert (given.rt, given.nilai) == (sibling, 1_000_000)
    with pytest.raises(Http404):
        services.swadaya_update(user=rw_head, swadaya=given, rt=stk.world.foreign_rt[Role.KETUA_RW])
