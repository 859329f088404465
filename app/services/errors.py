"""The base of the services' refusals: an exception carrying a code for the routes."""

from __future__ import annotations


class CodedError(Exception):
    """A refused step; ``code`` names why, and the routes turn it into words."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
