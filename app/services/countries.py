"""Country codes: ISO 3166-1 alpha-2, plus the two spellings the EU uses in its registers."""

from __future__ import annotations

from typing import Final

from babel import Locale

#: The EU's own codes (Interinstitutional Style Guide) for Greece and the United Kingdom,
#: as CORDIS and other EU registers write them, and the ISO codes they are stored as.
EU_SPELLINGS: Final[dict[str, str]] = {"EL": "GR", "UK": "GB"}
#: Two-letter territories in CLDR that are not countries of ISO 3166-1 (groupings, test
#: locales, exceptionally reserved codes). Kosovo's XK is kept: the EU uses it.
_NOT_COUNTRIES: Final = frozenset(
    {
        "AC",
        "CP",
        "CQ",
        "DG",
        "EA",
        "EU",
        "EZ",
        "IC",
        "QO",
        "TA",
        "UN",
        "XA",
        "XB",
        "ZZ",
    }
)
#: Every accepted stored code (about 250), from the CLDR data that Babel ships.
COUNTRY_CODES: Final[frozenset[str]] = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)
ITALY: Final = "IT"


def normalize_country(value: str) -> str | None:
    """The stored ISO code for ``value`` (any case; EL and UK become GR and GB), or None.

    >>> normalize_country("uk"), normalize_country("EL"), normalize_country("it")
    ('GB', 'GR', 'IT')
    >>> normalize_country("XX") is None
    True
    """
    code = value.strip().upper()
    code = EU_SPELLINGS.get(code, code)
    return code if code in COUNTRY_CODES else None


def country_name(code: str | None, lang: str) -> str:
    """The country's name in ``lang`` (``it`` or ``en``); the code itself when unknown.

    >>> country_name("DE", "it"), country_name("GB", "en")
    ('Germania', 'United Kingdom')
    """
    if not code:
        return ""
    return str(Locale.parse(lang).territories.get(code, code))
