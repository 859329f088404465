"""Italian tax codes: partita IVA, codice fiscale of persons and of legal entities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "TaxCodeProblem",
    "luhn_check_digit",
    "normalize_tax_code",
    "person_check_letter",
    "tax_code_problem",
    "validate_codice_fiscale_ente",
    "validate_codice_fiscale_persona",
    "validate_partita_iva",
    "validate_tax_code",
]

#: Omocodia: when two people share a code, digits are replaced by these letters (0..9),
#: starting from the right.
OMOCODIA_LETTERS: Final = "LMNPQRSTUV"
MONTH_LETTERS: Final = "ABCDEHLMPRST"

# Values of characters in odd positions (1st, 3rd, ... counting from 1); digits share
# the values of the letters A..J.
_ODD_VALUES: Final[tuple[int, ...]] = (
    1,
    0,
    5,
    7,
    9,
    13,
    15,
    17,
    19,
    21,
    2,
    4,
    18,
    20,
    11,
    3,
    6,
    8,
    12,
    14,
    16,
    10,
    22,
    25,
    24,
    23,
)
_ODD: Final[dict[str, int]] = {
    **{chr(ord("A") + i): v for i, v in enumerate(_ODD_VALUES)},
    **{str(d): _ODD_VALUES[d] for d in range(10)},
}
_EVEN: Final[dict[str, int]] = {
    **{chr(ord("A") + i): i for i in range(26)},
    **{str(d): d for d in range(10)},
}
_DIGIT_OR_OMOCODIA: Final = f"[0-9{OMOCODIA_LETTERS}]"
_PERSON_PATTERN: Final = re.compile(
    rf"[A-Z]{{6}}{_DIGIT_OR_OMOCODIA}{{2}}[{MONTH_LETTERS}]{_DIGIT_OR_OMOCODIA}{{2}}"
    rf"[A-Z]{_DIGIT_OR_OMOCODIA}{{3}}[A-Z]"
)
_DE_OMOCODIA: Final = str.maketrans(OMOCODIA_LETTERS, "0123456789")


@dataclass(frozen=True)
class TaxCodeProblem:
    """Why a tax code was refused: a stable ``code`` for translations, an English message.

    Codes: ``empty``, ``piva_length``, ``piva_digits``, ``piva_zero``, ``cf_length``,
    ``cf_pattern``, ``cf_day``, ``check_digit`` (params: ``expected``).
    """

    code: str
    message: str
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


def normalize_tax_code(value: str) -> str:
    """Upper-case without spaces, dots or dashes; a leading ``IT`` before 11 digits goes.

    >>> normalize_tax_code(" it 012.345.678-97 ")
    '01234567897'
    >>> normalize_tax_code("rssmra85t10a562s")
    'RSSMRA85T10A562S'
    """
    cleaned = re.sub(r"[\s.\-]", "", value).upper()
    if len(cleaned) == 13 and cleaned.startswith("IT") and cleaned[2:].isdigit():
        cleaned = cleaned[2:]
    return cleaned


def luhn_check_digit(first_ten: str) -> int:
    """The 11th digit of a partita IVA (or numeric codice fiscale) for its first ten.

    >>> luhn_check_digit("0123456789")
    7
    """
    total = 0
    for index, char in enumerate(first_ten):
        digit = ord(char) - 48
        if index % 2 == 1:  # the 2nd, 4th, ... digits are doubled, digits of the product summed
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return (10 - total % 10) % 10


def validate_partita_iva(value: str, *, what: str = "partita IVA") -> TaxCodeProblem | None:
    """None when ``value`` (normalised) is a valid partita IVA, else the problem.

    >>> validate_partita_iva("01234567897") is None
    True
    >>> validate_partita_iva("01234567890").message
    'wrong check digit in the partita IVA: expected 7, found 0'
    >>> validate_partita_iva("1234").code
    'piva_length'
    """
    if not value:
        return TaxCodeProblem("empty", f"the {what} is empty")
    if len(value) != 11:
        return TaxCodeProblem(
            "piva_length", f"a {what} has 11 digits, found {len(value)} characters"
        )
    if not value.isdigit() or not value.isascii():
        return TaxCodeProblem("piva_digits", f"a {what} has only digits")
    if value == "00000000000":
        return TaxCodeProblem("piva_zero", f"a {what} cannot be all zeros")
    return _check_character(value[10], str(luhn_check_digit(value[:10])), f"digit in the {what}")


def validate_codice_fiscale_ente(value: str) -> TaxCodeProblem | None:
    """None when ``value`` is a valid numeric codice fiscale of a legal entity.

    It has 11 digits and the partita IVA's check digit (the numbers often coincide).

    >>> validate_codice_fiscale_ente("80087670016") is None
    True
    """
    return validate_partita_iva(value, what="numeric codice fiscale")


def person_check_letter(first_fifteen: str) -> str:
    """The 16th character of a person's codice fiscale for its first fifteen.

    >>> person_check_letter("RSSMRA85T10A562")
    'S'
    """
    total = sum(
        _ODD[char] if index % 2 == 0 else _EVEN[char] for index, char in enumerate(first_fifteen)
    )
    return chr(ord("A") + total % 26)


def validate_codice_fiscale_persona(value: str) -> TaxCodeProblem | None:
    """None when ``value`` is a valid codice fiscale of a person (omocodia accepted).

    >>> validate_codice_fiscale_persona("RSSMRA85T10A562S") is None
    True
    >>> validate_codice_fiscale_persona("RSSMRA85T10A56NH") is None  # omocodia: 2 -> N
    True
    >>> validate_codice_fiscale_persona("RSSMRA85T10A562X").params
    {'expected': 'S'}
    """
    if not value:
        return TaxCodeProblem("empty", "the codice fiscale is empty")
    if len(value) != 16:
        return TaxCodeProblem(
            "cf_length", f"a codice fiscale has 16 characters, found {len(value)}"
        )
    if not _PERSON_PATTERN.fullmatch(value):
        return TaxCodeProblem(
            "cf_pattern",
            "a codice fiscale is 6 letters, 2 digits, a month letter, 2 digits, "
            "a letter, 3 digits and a check letter",
        )
    day = int(value[9:11].translate(_DE_OMOCODIA))
    if not (1 <= day <= 31 or 41 <= day <= 71):  # women's days are increased by 40
        return TaxCodeProblem("cf_day", f"the day of birth {value[9:11]} is impossible")
    return _check_character(
        value[15], person_check_letter(value[:15]), "letter in the codice fiscale"
    )


def _check_character(found: str, expected: str, which: str) -> TaxCodeProblem | None:
    """The problem of a wrong check digit or letter (``which`` names it), else None."""
    if found == expected:
        return None
    return TaxCodeProblem(
        "check_digit",
        f"wrong check {which}: expected {expected}, found {found}",
        {"expected": expected},
    )


def validate_tax_code(value: str) -> TaxCodeProblem | None:
    """Validate an organisation's tax code: 11 digits (partita IVA or codice fiscale of
    an entity, same check digit) or 16 characters (a person's codice fiscale, e.g. a sole
    trader). ``value`` should already be normalised.

    >>> validate_tax_code("01234567897") is None, validate_tax_code("RSSMRA85T10A562S") is None
    (True, True)
    >>> validate_tax_code("ABC").code
    'cf_length'
    """
    if not value:
        return TaxCodeProblem("empty", "the tax code is empty")
    if value.isdigit():
        return validate_partita_iva(value, what="tax code")
    if len(value) != 16:
        return TaxCodeProblem(
            "cf_length",
            f"a tax code has 11 digits or 16 characters, found {len(value)} characters",
        )
    return validate_codice_fiscale_persona(value)


def tax_code_problem(value: str) -> TaxCodeProblem | None:
    """Normalise and validate an organisation's tax code in one call (for forms).

    >>> tax_code_problem(" it01234567897 ") is None
    True
    >>> str(tax_code_problem("01234567890"))
    'wrong check digit in the tax code: expected 7, found 0'
    """
    return validate_tax_code(normalize_tax_code(value))
