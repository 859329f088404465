"""Translated texts for the codes that services return (validation problems)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.services.taxcodes import TaxCodeProblem


def tax_code_message(problem: TaxCodeProblem) -> str:
    """The user's-language explanation of a refused tax code."""
    texts = {
        "empty": _("The tax code is empty."),
        "piva_length": _("A partita IVA has exactly 11 digits."),
        "piva_digits": _("A partita IVA contains digits only."),
        "piva_zero": _("A partita IVA cannot be all zeros."),
        "cf_length": _("A tax code has 11 digits or 16 characters."),
        "cf_pattern": _("This is not the pattern of a codice fiscale."),
        "cf_day": _("The codice fiscale contains an impossible birth day."),
        "check_digit": _(
            "The check character is wrong (expected %(expected)s): check for a typing error.",
            expected=problem.params.get("expected", "?"),
        ),
    }
    return texts.get(problem.code, problem.message)
