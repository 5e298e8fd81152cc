"""Slow work of laporan.dokumen on the task queue (django.tasks, django-tasks-db backend)."""

from django.tasks import task


@task()
def document_generate(*, document_id: int) -> None:
    """Make one generated document: load it by id and run its generator."""
    from laporan.dokumen.services import document_run

    document_run(document_id=document_id)
