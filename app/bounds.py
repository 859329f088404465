"""Pages and euro amounts read from requests and forms, within app.services.bounds."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import ValidationError

from app.services.bounds import EUROS, PAGE, Bound, parse_bounded

__all__ = ["EUROS", "PAGE", "InBound", "bound_message", "query_int"]


def bound_message(bound: Bound) -> str:
    """What a value must be, in the user's language, with the limits."""
    low, high = format_decimal(bound.low), format_decimal(bound.high)
    if bound is EUROS:
        return str(
            _l(
                "Enter whole euros from %(low)s to %(high)s, for example 25.000.",
                low=low,
                high=high,
            )
        )
    return str(_l("The page must be a whole number from %(low)s to %(high)s.", low=low, high=high))


def query_int(name: str, bound: Bound = PAGE, default: int = 1) -> int:
    """The query-string argument ``name`` within ``bound``: absent or empty gives
    ``default``, anything else out of range or not a number a 400 saying why."""
    text = request.args.get(name, "")
    if not text.strip():
        return default
    value = parse_bounded(text, bound)
    if value is None:
        abort(400, bound_message(bound))
    return value


class InBound:
    """WTForms validator: the field's text (or integer) is a whole number within ``bound``."""

    def __init__(self, bound: Bound) -> None:
        self.bound = bound

    def __call__(self, form: Form, field: Field) -> None:
        data: Any = field.data
        if data is None or data == "":
            return
        text = (
            str(data)
            if isinstance(data, int)
            else str(field.raw_data[0] if field.raw_data else data)
        )
        if parse_bounded(text, self.bound) is None:
            raise ValidationError(bound_message(self.bound))
