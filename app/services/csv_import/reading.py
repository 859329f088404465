"""Reading a CSV upload: encoding and separator detection, then records one at a time."""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from typing import IO, Final

from app.services.csv_import.errors import CsvFileError

_SAMPLE: Final = 64 * 1024
_SCAN_CHUNK: Final = 1024 * 1024
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
# Control bytes never found in a text file (tab, LF, CR, form feed and Ctrl-Z allowed).
_BINARY: Final = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")
# Bytes that Windows-1252 leaves undefined.
_NOT_CP1252: Final = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
#: Lone surrogates stand for bytes that the detected encoding could not decode.
UNDECODABLE: Final = re.compile("[\udc80-\udcff]")
DELIMITERS: Final = (",", ";")


@dataclass
class CsvSource:
    """An opened CSV: its encoding, separator, header cells and the data records after it."""

    encoding: str
    delimiter: str
    header: list[str]
    records: Generator[tuple[int, list[str] | None], None, None]
    text: io.TextIOWrapper
    #: A seekable copy of a stream that was not seekable, ours to close.
    copy: IO[bytes] | None = None

    def close(self) -> None:
        """Stop reading and hand the binary stream back to the caller, open."""
        self.records.close()
        _release(self.text)
        if self.copy is not None:
            self.copy.close()


def _release(text: io.TextIOWrapper) -> None:
    if not text.closed:  # detaching keeps the caller's stream open
        text.detach()


def _seekable(stream: IO[bytes]) -> IO[bytes]:
    if stream.seekable():
        return stream
    spool = tempfile.SpooledTemporaryFile(max_size=_SAMPLE)
    shutil.copyfileobj(stream, spool)
    spool.seek(0)
    return spool


def detect_encoding(stream: IO[bytes]) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp1252``, decided on the first non-ASCII bytes.

    Reads ahead to the first non-ASCII byte (an Italian file may start with pages of
    plain ASCII); the caller seeks back. Raises :class:`CsvFileError`.
    """
    stream.seek(0)
    start = stream.read(_SAMPLE)
    if not start.strip(b" \t\r\n\xef\xbb\xbf"):
        raise CsvFileError("file_empty")
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFileError("file_utf16")
    if start.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CsvFileError("file_spreadsheet")
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in start[:4096:2] or b"\x00" in start[1:4096:2]:
        # UTF-16 without a BOM, or a binary file.
        raise CsvFileError("file_utf16" if start.count(b"\x00") * 3 > len(start) else "file_binary")
    if _BINARY.search(start):
        raise CsvFileError("file_binary")
    chunk, found = start, _NON_ASCII.search(start)
    while found is None and chunk:
        chunk = stream.read(_SCAN_CHUNK)
        found = _NON_ASCII.search(chunk)
    if found is None:
        return "utf-8"  # pure ASCII, which UTF-8 contains
    window = chunk[found.start() : found.start() + _SAMPLE]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(window, final=False)
    except UnicodeDecodeError as exc:
        # Valid multi-byte sequences first: UTF-8 (a later stray byte is that row's
        # error); Windows-1252 text almost never forms one by accident.
        if exc.start > 0:
            return "utf-8"
        if _NOT_CP1252.search(window):
            raise CsvFileError("file_encoding") from None
        return "cp1252"
    return "utf-8"


def _header_cells(line: str, delimiter: str) -> list[str]:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [cell.strip().lower() for cell in cells]


def sniff_delimiter(header_line: str, known: tuple[str, ...]) -> str:
    """The separator, ``,`` or ``;``, that splits the header into the most known names."""
    best, best_score = "", 0
    for delimiter in DELIMITERS:
        score = sum(cell in known for cell in _header_cells(header_line, delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    if best_score < 2:  # every file has at least two required columns
        raise CsvFileError("file_delimiter")
    return best


def open_csv(stream: IO[bytes], known_columns: tuple[str, ...]) -> CsvSource:
    """Open a binary CSV stream: detect encoding and separator, read the header row.

    Records are yielded lazily as ``(line, cells)``, ``line`` being the physical line
    the record starts on (the header is line 1); ``cells`` is None when the record is
    malformed CSV. The caller keeps ownership of ``stream``.
    """
    seekable = _seekable(stream)
    copy = seekable if seekable is not stream else None
    try:
        encoding = detect_encoding(seekable)
        seekable.seek(0)
        text = io.TextIOWrapper(seekable, encoding=encoding, errors="surrogateescape", newline="")
        try:
            header_line = text.readline()
            delimiter = sniff_delimiter(header_line, known_columns)
        except BaseException:
            _release(text)
            raise
    except BaseException:
        if copy is not None:
            copy.close()
        raise
    header = _header_cells(header_line, delimiter)
    while header and header[-1] == "":  # spreadsheets pad rows with empty cells
        header.pop()
    return CsvSource(encoding, delimiter, header, _records(text, delimiter), text, copy)


def _records(
    text: io.TextIOWrapper, delimiter: str
) -> Generator[tuple[int, list[str] | None], None, None]:
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 2  # +1: next line; +1: the header read before
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield line, None
            continue
        yield line, cells
