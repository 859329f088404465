"""Italian tax codes: check digits, omocodia and the reasons given for refusals."""

from __future__ import annotations

import pytest

from app.services.taxcodes import (
    OMOCODIA_LETTERS,
    luhn_check_digit,
    normalize_tax_code,
    person_check_letter,
    tax_code_problem,
    validate_codice_fiscale_ente,
    validate_codice_fiscale_persona,
    validate_partita_iva,
    validate_tax_code,
)

# Published codes: Regione Piemonte's codice fiscale, a textbook person's code.
REGIONE_PIEMONTE = "80087670016"
MARIO_ROSSI = "RSSMRA85T10A562S"


def test_luhn_matches_an_independent_computation() -> None:
    for body in ("0000000000", "1234567890", "8008767001", "9999999999"):
        digits = [int(c) for c in body]
        odd = sum(digits[0::2])
        even = sum(d * 2 - 9 if d * 2 > 9 else d * 2 for d in digits[1::2])
        assert luhn_check_digit(body) == (10 - (odd + even) % 10) % 10


@pytest.mark.parametrize("value", [REGIONE_PIEMONTE, "01234567897", "00743110157"])
def test_valid_partite_iva(value: str) -> None:
    assert validate_partita_iva(value) is None
    assert validate_codice_fiscale_ente(value) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "empty"),
        ("0123456789", "piva_length"),
        ("012345678970", "piva_length"),
        ("0123456789A", "piva_digits"),
        ("00000000000", "piva_zero"),
        ("01234567890", "check_digit"),
        ("80087670015", "check_digit"),
    ],
)
def test_invalid_partite_iva_say_why(value: str, code: str) -> None:
    problem = validate_partita_iva(value)
    assert problem is not None
    assert problem.code == code
    assert problem.message


def test_every_single_digit_error_is_caught() -> None:
    for position in range(11):
        for digit in "0123456789":
            if digit == REGIONE_PIEMONTE[position]:
                continue
            wrong = REGIONE_PIEMONTE[:position] + digit + REGIONE_PIEMONTE[position + 1 :]
            assert validate_partita_iva(wrong) is not None, wrong


def test_check_digit_problem_names_the_expected_digit() -> None:
    problem = validate_partita_iva("01234567890")
    assert problem is not None and problem.params == {"expected": "7"}


def test_person_code_and_its_check_letter() -> None:
    assert person_check_letter(MARIO_ROSSI[:15]) == "S"
    assert validate_codice_fiscale_persona(MARIO_ROSSI) is None
    problem = validate_codice_fiscale_persona(MARIO_ROSSI[:15] + "A")
    assert problem is not None and problem.code == "check_digit"
    assert problem.params == {"expected": "S"}


def test_omocodia_substitutions_are_accepted_with_their_own_check_letter() -> None:
    digit_positions = [6, 7, 9, 10, 12, 13, 14]
    code = MARIO_ROSSI[:15]
    for position in reversed(digit_positions):  # substitutions start from the right
        code = code[:position] + OMOCODIA_LETTERS[int(code[position])] + code[position + 1 :]
        full = code + person_check_letter(code)
        assert validate_codice_fiscale_persona(full) is None, full
        assert validate_codice_fiscale_persona(full[:15] + MARIO_ROSSI[15]) is not None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("RSSMRA85T10A562", "cf_length"),
        ("RSSMRA85Z10A562S", "cf_pattern"),  # Z is no month
        ("RSS1RA85T10A562S", "cf_pattern"),
        ("RSSMRA85T00A562S", "cf_day"),
        ("RSSMRA85T32A562S", "cf_day"),
    ],
)
def test_invalid_person_codes_say_why(value: str, code: str) -> None:
    problem = validate_codice_fiscale_persona(value)
    assert problem is not None and problem.code == code


def test_a_woman_s_day_is_increased_by_forty() -> None:
    body = "RSSMRA85T50A562"
    assert validate_codice_fiscale_persona(body + person_check_letter(body)) is None


def test_validate_tax_code_dispatches_on_shape() -> None:
    assert validate_tax_code(REGIONE_PIEMONTE) is None
    assert validate_tax_code(MARIO_ROSSI) is None
    problem = validate_tax_code("ABC")
    assert problem is not None and problem.code == "cf_length"


def test_normalisation_and_the_form_helper() -> None:
    assert normalize_tax_code(" it 800.876.700-16 ") == REGIONE_PIEMONTE
    assert normalize_tax_code("rssmra85t10a562s") == MARIO_ROSSI
    assert tax_code_problem(" rssmra 85t10 a562s ") is None
    assert tax_code_problem("IT80087670015") is not None
