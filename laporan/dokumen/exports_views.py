"""The export pages: the list of exports and the download of one (CSV or Excel)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laporan.dokumen import exports, services
from sigoro.decorators import role_required


@role_required("export.create")
def export_index(request):
    return render(
        request,
        "laporan/dokumen/export_index.html",
        {"datasets": exports.datasets_for(request.user), "query": request.GET.urlencode()},
    )


@role_required("export.create")
def export_download(request, dataset, fmt):
    """The dataset as the list page shows it (same area, same filters in the query string):
    the file at once, or a task into the archive for a large one."""
    try:
        kind, result = services.export_request(
            user=request.user,
            dataset_slug=dataset,
            fmt=fmt,
            query=request.GET,
            base_url=request.build_absolute_uri("/"),
        )
    except KeyError:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("laporan:export-index")
    if kind == "document":
        messages.info(
            request, _("This export is large: it is being made and lands in the archive.")
        )
        return redirect(result)
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
