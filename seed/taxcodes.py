"""Italian partita IVA: check digit, validation and fictional numbers for seed data.

A partita IVA has 11 digits: a 7-digit serial, a 3-digit tax-office code (the
province) and a check digit computed with the Luhn scheme.
"""

from __future__ import annotations

import random


def check_digit(first_ten: str) -> int:
    """The 11th digit that makes ``first_ten`` a valid partita IVA."""
    if len(first_ten) != 10 or not first_ten.isdigit():
        raise ValueError("a partita IVA body has exactly 10 digits")
    total = 0
    for index, char in enumerate(first_ten):
        digit = int(char)
        if index % 2 == 1:  # the 2nd, 4th, ... digits are doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid_partita_iva(value: str) -> bool:
    """True when ``value`` is 11 digits with the correct check digit.

    >>> is_valid_partita_iva("01622460036"), is_valid_partita_iva("01622460037")
    (True, False)
    """
    if len(value) != 11 or not value.isdigit():
        return False
    return check_digit(value[:10]) == int(value[10])


def make_partita_iva(serial: int, office: str) -> str:
    """Build a valid partita IVA from a serial (0..9,999,999) and a 3-digit office code."""
    if not 0 <= serial <= 9_999_999:
        raise ValueError("serial out of range")
    if len(office) != 3 or not office.isdigit():
        raise ValueError("office code has 3 digits")
    body = f"{serial:07d}{office}"
    return body + str(check_digit(body))


#: Serials at or above this value are reserved for the synthetic generator, so its
#: numbers never collide with the seed's (the tax code is unique in the database).
SYNTHETIC_SERIAL_BASE = 5_000_000


def random_partita_iva(rng: random.Random, office: str, taken: set[str]) -> str:
    """A fictional partita IVA not in ``taken`` (which it updates), serial below the
    synthetic range."""
    while True:
        value = make_partita_iva(rng.randrange(100_000, SYNTHETIC_SERIAL_BASE), office)
        if value not in taken:
            taken.add(value)
            return value
