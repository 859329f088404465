"""Sentences for CSV import errors, in the current language (codes come from the service)."""

from __future__ import annotations

from typing import Any, Final

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.messages import tax_code_message
from app.services.csv_import.cells import TAX_PREFIX
from app.services.taxcodes import TaxCodeProblem

#: Error code -> message; ``%(name)s`` placeholders are filled from the error's params.
MESSAGES: Final[dict[str, LazyString]] = {
    # The file as a whole.
    "file_empty": _l("The file is empty."),
    "file_utf16": _l(
        'The file is in UTF-16 (Excel\'s "Unicode text"): save it as "CSV UTF-8" or '
        '"CSV (separated by semicolons)".'
    ),
    "file_spreadsheet": _l("This is an Excel workbook, not a CSV file: save it as CSV."),
    "file_binary": _l("This is not a text file."),
    "file_encoding": _l("The file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8."),
    "file_delimiter": _l(
        "The header row was not recognised: columns must be separated by commas or "
        "semicolons and named as in the documented format."
    ),
    "header_unknown": _l("Unknown column in the header: %(column)s."),
    "header_duplicate": _l("Column repeated in the header: %(column)s."),
    "header_missing": _l("Required column missing from the header: %(column)s."),
    # One row.
    "malformed": _l("The row cannot be read as CSV: check its quotation marks."),
    "second_lead": _l(
        "A consortium has exactly one lead: another organisation is already "
        "its lead (in this file or in the database)."
    ),
    "rule_broken": _l(
        "Imported, but flagged: as %(role)s of a %(kind)s, this member breaks "
        "the rule %(rule)s of call %(call)s."
    ),
    "more_errors": _l(
        "%(count)s more refused rows are not listed: correct the ones above "
        "and import the file again."
    ),
    "too_many_columns": _l("Too many columns: expected %(expected)s, found %(found)s."),
    "too_few_columns": _l("Too few columns: expected %(expected)s, found %(found)s."),
    "duplicate_key": _l("Duplicate: the same key is already on line %(line)s."),
    "duplicate_pair": _l(
        "Duplicate: the same organisations, type and start date are already on line %(line)s."
    ),
    "duplicate_tax_code": _l("The same tax code is already on line %(line)s."),
    # One cell.
    "required": _l("A value is required."),
    "formula": _l(
        "The value starts with %(char)s and a spreadsheet would run it as a formula; "
        "if it is text, put an apostrophe before it."
    ),
    "bad_encoding": _l("The value contains characters in a different encoding from the file."),
    "too_long": _l("The value is too long (at most %(max)s characters)."),
    "identifier": _l("An identifier has letters, digits and . _ : - only, at most 64 characters."),
    "choice": _l("Unknown value; expected one of: %(choices)s."),
    "boolean": _l("Expected sì or no (also true/false, 1/0)."),
    "date": _l("Not a valid date: write YYYY-MM-DD or DD/MM/YYYY."),
    "number": _l("Not a number."),
    "integer": _l("Expected a whole number."),
    "range": _l("The number must be between %(min)s and %(max)s."),
    "email": _l("Not a valid e-mail address."),
    "url": _l("Not a valid web address: it must start with http:// or https://."),
    "unknown_municipality": _l("Unknown municipality: expected a 6-digit ISTAT code."),
    "unknown_country": _l(
        "Unknown country: expected a two-letter ISO 3166 code such as DE (EL and UK are "
        "read as GR and GB)."
    ),
    "country_not_italy": _l(
        "A municipality is given, so the country must be IT or empty (municipalities are "
        "in Piemonte)."
    ),
    "unknown_theme": _l("Unknown theme: %(item)s."),
    "unknown_capability": _l("Unknown capability: %(item)s."),
    "unknown_call": _l("Unknown call code."),
    "unknown_district": _l("Unknown district code."),
    "unknown_line": _l("This call has no such line."),
    "size_class_not_sme": _l("Only SMEs have a size class."),
    "profit_not_sme": _l("Only SMEs can be profit-making organisations."),
    "self_partnership": _l("An organisation cannot be its own partner."),
    "until_before_since": _l("The end date comes before the start date."),
    "consortium_differs": _l("The consortium's details differ from those given on line %(line)s."),
    # Refused by the database.
    "tax_code_taken": _l("This tax code belongs to another organisation (%(holder)s)."),
    # A warning: the row was imported.
    "similar_name": _l(
        "Imported, but check it: %(name)s (%(holder)s) has the same name in the same "
        "municipality or district. If they are one organisation, merge them."
    ),
    "kind_changed": _l("An import cannot change an organisation's kind (stored kind: %(stored)s)."),
    "new_district": _l("Districts cannot be created by import, only updated."),
    "missing_from": _l("Unknown organisation: it must be imported first."),
    "missing_to": _l("Unknown organisation: it must be imported first."),
    "missing_organization": _l("Unknown organisation: it must be imported first."),
    "missing_consortium": _l("Unknown consortium: give its call and title on its first row."),
    "other_endpoints": _l("A partnership with this id already links other organisations."),
    "db_constraint": _l("The database refused the row: %(detail)s"),
}
_UNKNOWN: Final = _l("Invalid value (%(code)s).")


def describe(code: str, params: dict[str, Any] | None = None) -> str:
    """The message for an error code in the current language, placeholders filled."""
    if code.startswith(TAX_PREFIX):  # the profile forms' sentences, shared
        return tax_code_message(TaxCodeProblem(code.removeprefix(TAX_PREFIX), "", params or {}))
    message = MESSAGES.get(code)
    if message is None:
        return str(_UNKNOWN) % {"code": code}
    try:
        return str(message) % (params or {})
    except (KeyError, TypeError, ValueError):  # a translation with a broken placeholder
        return str(message)
