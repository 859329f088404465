"""CSV import of organisations, partnerships and memberships (no Flask here).

Public surface: :func:`import_csv`, :class:`ImportReport`, :class:`RowError`,
:class:`CsvFileError`. Errors carry codes and parameters; ``app/csv_messages.py``
turns them into Italian or English sentences.
"""

from __future__ import annotations

from app.services.csv_import.errors import CsvFileError, ImportReport, RowError
from app.services.csv_import.pipeline import SPECS, import_csv
from app.services.csv_import.writer import Progress

FILE_KINDS = tuple(SPECS)

__all__ = ["FILE_KINDS", "CsvFileError", "ImportReport", "Progress", "RowError", "import_csv"]
