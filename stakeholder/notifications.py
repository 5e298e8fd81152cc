"""Who stage 2 tells, and what: a request sent to a stakeholder (its contact accounts), a
stakeholder's answer and a delivery (the lurah of the requesting kelurahan, or the kecamatan
office for its own requests). Called from ``stakeholder.services`` after the commit."""

from django.utils.translation import gettext as _

from notifikasi import services as notifikasi
from notifikasi.models import Kind
from sigoro import access
from sigoro.formats import angka
from sigoro.models import Role, User
from stakeholder.models import Delivery, RequestRecipient, SupportRequest


def _office_of(support_request: SupportRequest):
    """The accounts that follow a request: the lurah of its kelurahan, or the kecamatan
    administrator for a request of the kecamatan itself."""
    if support_request.kelurahan_id:
        return access.users_for_area(support_request.kelurahan, [Role.LURAH])
    return access.users_for_area(support_request.kecamatan, [Role.ADMIN_KECAMATAN])


def request_sent(request_id: int) -> None:
    """Each stakeholder asked: its contact accounts."""
    support_request = SupportRequest.objects.filter(pk=request_id).first()
    if support_request is None:
        return
    recipients = RequestRecipient.objects.filter(request=support_request).select_related(
        "stakeholder"
    )
    for recipient in recipients:
        contacts = User.objects.filter(
            is_active=True,
            role=Role.STAKEHOLDER,
            stakeholder_contact__stakeholder=recipient.stakeholder,
        )
        notifikasi.notify(
            kind=Kind.REQUEST_SENT,
            recipients=contacts,
            title=_("Support request: %(subject)s") % {"subject": support_request.perihal},
            body=_("From %(office)s to %(stakeholder)s. Answer what you can pledge.")
            % {
                "office": support_request.kelurahan or support_request.kecamatan,
                "stakeholder": recipient.stakeholder,
            },
            link=support_request.get_absolute_url(),
            about=support_request,
            dedupe_key=f"request_sent:{recipient.pk}",
        )


def pledge_answered(recipient_id: int, *, by_id: int | None) -> None:
    """A stakeholder answered (in SIGORO, or the office recorded its answer)."""
    recipient = (
        RequestRecipient.objects.select_related("request__kelurahan", "stakeholder")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None or recipient.dijawab_pada is None:
        return
    support_request = recipient.request
    notifikasi.notify(
        kind=Kind.PLEDGE_ANSWERED,
        recipients=_office_of(support_request).exclude(pk=by_id),
        title=_("%(stakeholder)s answered “%(subject)s”")
        % {"stakeholder": recipient.stakeholder, "subject": support_request.perihal},
        body=recipient.jawaban,
        link=support_request.get_absolute_url(),
        about=support_request,
        dedupe_key=f"pledge_answered:{recipient.pk}:{recipient.dijawab_pada.isoformat()}",
    )


def delivery_recorded(delivery_id: int, *, by_id: int | None) -> None:
    """Support arrived for a pledged row."""
    delivery = (
        Delivery.objects.select_related(
            "pledge__item", "pledge__recipient__stakeholder", "pledge__recipient__request"
        )
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return
    recipient = delivery.pledge.recipient
    support_request = recipient.request
    notifikasi.notify(
        kind=Kind.DELIVERY_RECORDED,
        recipients=_office_of(support_request).exclude(pk=by_id),
        title=_("%(stakeholder)s delivered %(quantity)s × %(item)s")
        % {
            "stakeholder": recipient.stakeholder,
            "quantity": angka(delivery.jumlah),
            "item": delivery.pledge.item,
        },
        body=_("For “%(subject)s”.") % {"subject": support_request.perihal},
        link=support_request.get_absolute_url(),
        about=support_request,
        dedupe_key=f"delivery:{delivery.pk}",
    )
