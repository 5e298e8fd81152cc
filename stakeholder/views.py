"""Stage 2 pages: the registry, requests with their pledges and deliveries, swadaya, summary.

Views parse, call a selector or a service and render: no ORM, no area logic.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sigoro import access
from sigoro.decorators import role_required
from sigoro.photos import PhotoError
from sigoro.tables import configure_table
from stakeholder import selectors, services
from stakeholder.filters import RequestFilter, StakeholderFilter, SwadayaFilter
from stakeholder.forms import (
    AnswerFormSet,
    AnswerHeaderForm,
    ContactAccountForm,
    DeliveryForm,
    RequestForm,
    StakeholderForm,
    SummaryForm,
    SwadayaForm,
    item_formset,
)
from stakeholder.tables import RequestTable, StakeholderTable, SwadayaTable


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# -- registry -------------------------------------------------------------------------------


@role_required("stakeholder.list")
def stakeholder_list(request):
    filterset = StakeholderFilter(
        request.GET or None,
        queryset=selectors.stakeholder_list(user=request.user),
        user=request.user,
    )
    table = StakeholderTable(filterset.qs)
    configure_table(request, table, per_page=25)
    context = {
        "filter": filterset,
        "table": table,
        "can_manage": access.has_perm(request.user, "stakeholder.manage"),
        "can_summarise": access.has_perm(request.user, "support.summary"),
        "can_export": access.has_perm(request.user, "export.create"),
    }
    return render(request, "stakeholder/stakeholder_list.html", context)


@role_required("stakeholder.manage")
def stakeholder_create(request):
    form = StakeholderForm(request.POST or None, user=request.user, create=True)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(
                user=request.user, kecamatan=form.kecamatan, **form.service_kwargs()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": stakeholder})
            return redirect(stakeholder)
    return render(request, "stakeholder/stakeholder_form.html", {"form": form})


@role_required("stakeholder.manage")
def stakeholder_update(request, pk):
    stakeholder = selectors.stakeholder_get(user=request.user, pk=pk)
    form = StakeholderForm(
        request.POST or None, initial=model_to_dict(stakeholder), user=request.user, create=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(
                user=request.user, stakeholder=stakeholder, **form.service_kwargs()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": stakeholder})
            return redirect(stakeholder)
    return render(
        request, "stakeholder/stakeholder_form.html", {"form": form, "stakeholder": stakeholder}
    )


@role_required("stakeholder.view")
def stakeholder_detail(request, pk):
    stakeholder = selectors.stakeholder_get(user=request.user, pk=pk)
    can_manage = access.has_perm(request.user, "stakeholder.manage")
    context = {
        "stakeholder": stakeholder,
        "history": selectors.stakeholder_history(user=request.user, stakeholder=stakeholder),
        "can_manage": can_manage,
        "contacts": selectors.stakeholder_contacts(user=request.user, stakeholder=stakeholder)
        if can_manage
        else [],
        "can_create_request": access.has_perm(request.user, "request.manage"),
        "can_list": access.has_perm(request.user, "stakeholder.list"),
    }
    return render(request, "stakeholder/stakeholder_detail.html", context)


@role_required("stakeholder.manage")
def stakeholder_account(request, pk):
    stakeholder = selectors.stakeholder_get(user=request.user, pk=pk)
    form = ContactAccountForm(request.POST or None, initial={"first_name": stakeholder.kontak_nama})
    if request.method == "POST" and form.is_valid():
        try:
            account = services.stakeholder_account_create(
                user=request.user, stakeholder=stakeholder, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Account %(name)s can now sign in and answer the requests to %(stakeholder)s.")
                % {"name": account.username, "stakeholder": stakeholder},
            )
            return redirect(stakeholder)
    return render(
        request, "stakeholder/account_form.html", {"form": form, "stakeholder": stakeholder}
    )


# -- requests -------------------------------------------------------------------------------


@role_required("request.view")
def request_list(request):
    filterset = RequestFilter(
        request.GET or None,
        queryset=selectors.request_list(user=request.user),
        user=request.user,
    )
    table = RequestTable(filterset.qs)
    configure_table(request, table, per_page=25)
    context = {
        "filter": filterset,
        "table": table,
        "can_create": access.has_perm(request.user, "request.manage"),
        "can_summarise": access.has_perm(request.user, "support.summary"),
        "own_stakeholder_id": selectors.contact_stakeholder_id(request.user)
        if selectors.answers_for_itself(request.user)
        else None,
    }
    return render(request, "stakeholder/request_list.html", context)


def _request_form_page(request, *, form, items, support_request=None, locked=False):
    context = {
        "form": form,
        "items": items,
        "support_request": support_request,
        "locked": locked,
    }
    return render(request, "stakeholder/request_form.html", context)


@role_required("request.manage")
def request_create(request):
    # Started from a stakeholder's page (?stakeholder=) or from problems (?masalah=SGR-...):
    # tick them, and take the problems' needs as the first rows.
    chosen = request.GET.get("stakeholder", "")
    problems = selectors.problems_with_needs(
        user=request.user, codes=request.GET.getlist("masalah")
    )
    initial = {"stakeholders": [int(chosen)] if chosen.isdigit() else [], "problems": problems}
    if problems:
        initial["kelurahan"] = problems[0].kelurahan_id
    form = RequestForm(request.POST or None, initial=initial, user=request.user, create=True)
    items = item_formset(request.POST or None, needs=[n for p in problems for n in p.needs.all()])
    if request.method == "POST" and form.is_valid() & items.is_valid():
        try:
            support_request = services.request_create(
                user=request.user,
                kecamatan=form.default_kecamatan,
                kelurahan=form.cleaned_data["kelurahan"],
                items=items.rows(),
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
                **form.links(),
                **form.header(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request was saved."))
            return redirect(support_request)
    return _request_form_page(request, form=form, items=items)


@role_required("request.manage")
def request_update(request, pk):
    support_request = selectors.request_for_update(user=request.user, pk=pk)
    locked = selectors.request_rows_locked(support_request)
    initial = model_to_dict(support_request)
    initial["stakeholders"] = [r.stakeholder_id for r in support_request.recipients.all()]
    linked = list(support_request.problems.all())
    form = RequestForm(
        request.POST or None, initial=initial, user=request.user, create=False, problems=linked
    )
    existing = list(support_request.items.all())
    items = item_formset(request.POST or None, items=existing, locked=locked)
    if request.method == "POST" and form.is_valid() & (locked or items.is_valid()):
        rows = (
            [services.ItemRow(i.jenis, i.item, i.jumlah, i.satuan, i.pk) for i in existing]
            if locked
            else items.rows()
        )
        try:
            services.request_update(
                user=request.user,
                support_request=support_request,
                items=rows,
                **form.links(),
                **form.header(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The request was saved."))
            return redirect(support_request)
    return _request_form_page(
        request, form=form, items=items, support_request=support_request, locked=locked
    )


@role_required("request.view")
def request_detail(request, pk):
    support_request = selectors.request_get(user=request.user, pk=pk)
    context = {"r": support_request, "actions": selectors.request_actions(user=request.user)}
    return render(request, "stakeholder/request_detail.html", context)


@role_required("request.view")
def recipient_letter(request, pk):
    """The request letter (surat permohonan) to one stakeholder, to print on A4."""
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    context = {"recipient": recipient, "letter": selectors.letter_for(recipient)}
    return render(request, "stakeholder/request_letter.html", context)


@role_required("pledge.answer")
def recipient_answer(request, pk):
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    pledges = recipient.pledges.all()
    header = AnswerHeaderForm(
        request.POST or None, user=request.user, initial={"jawaban": recipient.jawaban}
    )
    rows = AnswerFormSet(request.POST or None, pledges=pledges, prefix="jawab")
    if request.method == "POST" and header.is_valid() & rows.is_valid():
        try:
            services.recipient_answer(
                user=request.user,
                recipient=recipient,
                answers=rows.answers(),
                jawaban=header.cleaned_data.get("jawaban", ""),
                tanggal=header.cleaned_data.get("tanggal"),
                cara=header.cleaned_data.get("cara", ""),
            )
        except ValidationError as error:
            _add_errors(header, error)
        else:
            messages.success(request, _("The answer was saved."))
            return redirect(recipient.request)
    context = {
        "recipient": recipient,
        "header": header,
        "rows": rows,
        "answers_for_itself": selectors.answers_for_itself(request.user),
    }
    return render(request, "stakeholder/answer_form.html", context)


@role_required("delivery.record")
def delivery_create(request, pk):
    pledge = selectors.pledge_get(user=request.user, pk=pk)
    form = DeliveryForm(
        request.POST or None,
        request.FILES or None,
        pledge=pledge,
        user=request.user,
        session=request.session,
    )
    deliverable = selectors.pledge_deliverable(pledge) > 0
    if request.method == "POST" and deliverable:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.delivery_record(
                    user=request.user,
                    pledge=pledge,
                    jumlah=data["jumlah"],
                    tanggal=data["tanggal"],
                    diterima_oleh=data["diterima_oleh"],
                    nilai=data["nilai"],
                    upload=data["foto"],
                    kept_photo=form.kept_photo(),
                    catatan=data["catatan"],
                    above_pledge=data["lebih"],
                    idempotency_key=data["idempotency_key"] or None,
                )
            except PhotoError as error:
                form.add_error("foto", str(error))
            except ValidationError as error:
                _add_errors(form, error)
                _keep_photo_for_retry(request, form)
            else:
                messages.success(request, _("The delivery was recorded."))
                return redirect(pledge.recipient.request)
        else:
            _keep_photo_for_retry(request, form)
    context = {"pledge": pledge, "form": form, "deliverable": deliverable}
    return render(request, "stakeholder/delivery_form.html", context)


def _keep_photo_for_retry(request, form) -> None:
    """Store a good photo of a form that failed for another reason (a bad one becomes the
    photo's error), so that it is not chosen again."""
    upload = request.FILES.get("foto")
    if not upload or form.has_error("foto"):
        return
    try:
        photo = services.delivery_photo_keep_for_retry(
            user=request.user, pledge=form.pledge, upload=upload
        )
    except PhotoError as error:
        form.add_error("foto", str(error))
    else:
        form.keep_photo(photo)


# -- summary --------------------------------------------------------------------------------


@role_required("support.summary")
def summary(request):
    form = SummaryForm(
        request.GET or None,
        years=selectors.summary_years(user=request.user),
        kelurahan=selectors.kelurahan_choices(user=request.user).order_by("nama"),
    )
    year, kelurahan = timezone.localdate().year, None
    if form.is_valid():
        year = int(form.cleaned_data["tahun"] or year)
        kelurahan = form.cleaned_data.get("kelurahan")
    data = selectors.support_summary(user=request.user, year=year, kelurahan=kelurahan)
    return render(request, "stakeholder/summary.html", {"form": form, "summary": data})


# -- swadaya --------------------------------------------------------------------------------


@role_required("swadaya.view")
def swadaya_list(request):
    filterset = SwadayaFilter(
        request.GET or None, queryset=selectors.swadaya_list(user=request.user), user=request.user
    )
    can_record = access.has_perm(request.user, "swadaya.record")
    table = SwadayaTable(filterset.qs, exclude=() if can_record else ("ubah",))
    configure_table(request, table, per_page=25)
    context = {
        "filter": filterset,
        "table": table,
        "total": selectors.swadaya_total(filterset.qs),
        "can_record": can_record,
    }
    return render(request, "stakeholder/swadaya_list.html", context)


@role_required("swadaya.record")
def swadaya_create(request):
    form = SwadayaForm(request.POST or None, user=request.user, create=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.swadaya_create(
                user=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The swadaya was recorded."))
            return redirect("stakeholder:swadaya-list")
    return render(request, "stakeholder/swadaya_form.html", {"form": form})


@role_required("swadaya.record")
def swadaya_update(request, pk):
    swadaya = selectors.swadaya_get(user=request.user, pk=pk)
    form = SwadayaForm(
        request.POST or None, initial=model_to_dict(swadaya), user=request.user, create=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.swadaya_update(user=request.user, swadaya=swadaya, **form.service_kwargs())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The swadaya was saved."))
            return redirect("stakeholder:swadaya-list")
    return render(request, "stakeholder/swadaya_form.html", {"form": form, "swadaya": swadaya})
