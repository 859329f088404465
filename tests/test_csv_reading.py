"""Reading CSV uploads: encodings, separators, line numbers, formula cells and escaping."""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from app.services.csv_format import (
    EXCEL_IT,
    FILE_COLUMNS,
    escape_cell,
    format_date,
    format_number,
    unescape_cell,
)
from app.services.csv_import import cells
from app.services.csv_import.errors import CellError, CsvFileError
from app.services.csv_import.reading import detect_encoding, open_csv

ORG_COLUMNS = FILE_COLUMNS["organizations"]


def _refused(read: Callable[[str], object], text: str) -> CellError:
    """The CellError ``read`` raises on ``text`` (the test fails if it raises none)."""
    with pytest.raises(CellError) as caught:
        read(text)
    return caught.value


def _open(data: bytes) -> tuple[str, str, list[str], list[tuple[int, list[str] | None]]]:
    source = open_csv(io.BytesIO(data), ORG_COLUMNS)
    records = list(source.records)
    source.close()
    return source.encoding, source.delimiter, source.header, records


def test_utf8_with_bom_and_commas() -> None:
    data = codecs.BOM_UTF8 + "id,kind,name\nA,SME,Società\n".encode()
    encoding, delimiter, header, records = _open(data)
    assert (encoding, delimiter, header) == ("utf-8-sig", ",", ["id", "kind", "name"])
    assert records == [(2, ["A", "SME", "Società"])]


def test_windows_1252_with_semicolons_is_read_with_its_accents() -> None:
    data = "ID;Kind;Name\nA;SME;Perù € Città d’Aosta\n".encode("cp1252")
    encoding, delimiter, header, records = _open(data)
    assert (encoding, delimiter) == ("cp1252", ";")
    assert header == ["id", "kind", "name"]  # names are matched case-insensitively
    assert records[0][1] == ["A", "SME", "Perù € Città d’Aosta"]


def test_windows_1252_is_recognised_after_pages_of_ascii() -> None:
    filler = "".join(f"X{i};SME;Impresa {i}\n" for i in range(20_000))  # well past 64 KiB
    data = ("id;kind;name\n" + filler + "Z;SME;Caffè\n").encode("cp1252")
    assert len(data) > 200_000
    encoding, _, _, records = _open(data)
    assert encoding == "cp1252"
    assert records[-1] == (20_002, ["Z", "SME", "Caffè"])


def test_pure_ascii_reads_as_utf8() -> None:
    assert detect_encoding(io.BytesIO(b"id,kind,name\nA,SME,B\n")) == "utf-8"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "file_empty"),
        (b"\r\n  \r\n", "file_empty"),
        ("id;kind;name\nA;SME;Città\n".encode("utf-16"), "file_utf16"),
        ("id;kind;name\nA;SME;Città\n".encode("utf-16-le"), "file_utf16"),
        (b"PK\x03\x04\x14\x00\x06\x00", "file_spreadsheet"),
        (b"id,kind,name\nA,SME,\x81\x8d\x90 broken\n", "file_encoding"),
        (b"id,kind,name\x00\x01\x02\x03 binary", "file_binary"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(data: bytes, code: str) -> None:
    with pytest.raises(CsvFileError) as caught:
        open_csv(io.BytesIO(data), ORG_COLUMNS)
    assert caught.value.code == code


def test_header_that_is_not_ours_is_refused() -> None:
    with pytest.raises(CsvFileError) as caught:
        open_csv(io.BytesIO(b"foo\tbar\tbaz\n1\t2\t3\n"), ORG_COLUMNS)
    assert caught.value.code == "file_delimiter"


def test_line_numbers_count_physical_lines_of_quoted_cells() -> None:
    data = b'id,kind,name\nA,SME,"two\nlines"\n\nB,SME,C\n'
    _, _, _, records = _open(data)
    assert records == [(2, ["A", "SME", "two\nlines"]), (4, []), (5, ["B", "SME", "C"])]


def test_malformed_quoting_is_one_bad_record_and_reading_goes_on() -> None:
    data = b'id,kind,name\nA,SME,"bad"quote\nB,SME,C\n'
    _, _, _, records = _open(data)
    assert records[0] == (2, None)
    assert records[-1] == (3, ["B", "SME", "C"])


def test_the_caller_keeps_its_stream_open() -> None:
    stream = io.BytesIO(b"id,kind,name\nA,SME,B\n")
    source = open_csv(stream, ORG_COLUMNS)
    next(source.records)
    source.close()
    assert not stream.closed
    with pytest.raises(CsvFileError):
        open_csv(io.BytesIO(b"nothing useful\n"), ORG_COLUMNS)


@pytest.mark.parametrize("raw", ["=1+1", "+39 011", "-2", "@SUM(A1)", "  =cmd|' /C calc'!A0"])
def test_formula_looking_cells_are_refused(raw: str) -> None:
    assert _refused(cells.clean, raw).code == "formula"


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "-30% sui servizi",
        "+",
        "@x",
        "'=x",
        "''",
        "'",
        "'abc",
        "\tTab",
        "\rCR",
        "L'Aquila",
        "plain",
        "",
        "'\t",
    ],
)
def test_escape_then_unescape_gives_the_value_back(value: str) -> None:
    escaped = escape_cell(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_cell(escaped) == value


def test_an_escaped_cell_is_imported_as_text() -> None:
    assert cells.clean("'-30% sui servizi") == "-30% sui servizi"
    assert cells.clean("'=SUM(A1)") == "=SUM(A1)"


def test_undecodable_bytes_are_a_cell_error() -> None:
    assert _refused(cells.clean, "Citt\udce0").code == "bad_encoding"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0,75", 0.75),
        ("0.75", 0.75),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("250000", 250000),
        ("1.234.567", 1234567),
        ("12 500", 12500),
        ("1.5", 1.5),
    ],
)
def test_numbers_with_either_decimal_sign(text: str, value: float) -> None:
    assert cells.number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.2.3,4.5", "-1", "1e5", "1,23.4"])
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(CellError):
        cells.number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-03-09", date(2024, 3, 9)),
        ("09/03/2024", date(2024, 3, 9)),
        ("9.3.2024", date(2024, 3, 9)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_iso_and_italian_dates(text: str, value: date) -> None:
    assert cells.iso_or_italian_date(text) == value


@pytest.mark.parametrize("text", ["2024-13-01", "31/04/2024", "29/02/2023", "03-09-2024", "ieri"])
def test_what_is_not_a_date(text: str) -> None:
    assert _refused(cells.iso_or_italian_date, text).code == "date"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("sì", True),
        ("SI", True),
        ("true", True),
        ("1", True),
        ("No", False),
        ("falso", False),
        ("0", False),
    ],
)
def test_booleans(text: str, value: bool) -> None:
    assert cells.boolean(text) is value


def test_exported_numbers_and_dates_read_back() -> None:
    for number in (0.75, 250000, 1234.5, 0.1 + 0.2):
        for flavour_text in (format_number(number), format_number(number, EXCEL_IT)):
            assert cells.number(flavour_text) == number
    day = date(2021, 12, 31)
    assert cells.iso_or_italian_date(format_date(day, EXCEL_IT)) == day


@pytest.mark.parametrize("good", ["info@coop-aurora.it", "a.b+c@sub.example.org"])
def test_good_emails(good: str) -> None:
    assert cells.email(good) == good


@pytest.mark.parametrize("bad", ["nope", "a@b", "a b@c.it", "a@-x.it", "a@@b.it"])
def test_bad_emails(bad: str) -> None:
    with pytest.raises(CellError):
        cells.email(bad)


@pytest.mark.parametrize("bad", ["ftp://x.it", "www.x.it", "javascript:alert(1)", "http://x"])
def test_bad_urls(bad: str) -> None:
    assert _refused(cells.url, bad).code == "url"


def test_codes_lost_their_leading_zeros_in_a_spreadsheet() -> None:
    assert cells.istat_code({"001272"})("1272") == "001272"
    assert cells.tax_code("1234567897") == "01234567897"
    refused = _refused(cells.tax_code, "01234567890")
    assert refused.code == "tax_check_digit" and refused.params == {"expected": "7"}


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like a socket or standard input."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_read_through_a_copy() -> None:
    data = ("id;kind;name\n" + "A;SME;x\n" * 50_000 + "B;SME;Città\n").encode("cp1252")
    source = open_csv(io.BufferedReader(_Pipe(data)), ORG_COLUMNS)
    records = list(source.records)
    source.close()
    assert source.encoding == "cp1252" and source.copy is not None and source.copy.closed
    assert records[-1] == (50_002, ["B", "SME", "Città"])
