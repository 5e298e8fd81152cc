"""The registry of document generators: one function per document kind.

A generator takes the document row and a progress callback (0-100) and returns the file
(``Output``). The berita acara (``laporan.dokumen.berita_acara``) and the exports
(``laporan.dokumen.exports``) register themselves when laporan is ready; the monthly report
becomes one more entry.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    content: bytes
    filename: str
    content_type: str
    pages: int | None = None


Generator = Callable[[object, Callable[[int], None]], Output]
GENERATORS: dict[str, Generator] = {}


def register(kind: str):
    def decorator(generator: Generator) -> Generator:
        GENERATORS[kind] = generator
        return generator

    return decorator
