"""The partnership dossier as a PDF: the dossier's HTML laid out by WeasyPrint.

WeasyPrint needs Debian's pango libraries (``libpango-1.0-0``, ``libpangoft2-1.0-0``:
``make system-packages``); it is imported when a PDF is asked for, so the rest of the
application starts without it.
"""

from __future__ import annotations

from pathlib import Path


def html_to_pdf(html: str, *, stylesheet: Path) -> bytes:
    """A4 PDF bytes of ``html`` styled by ``stylesheet``. Nothing is fetched: only local
    files (``file:``) may be read, so a URL in the data can never make the server call out."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file"})
    document = HTML(string=html, base_url=str(stylesheet.parent), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)]
    )
    return pdf
