"""The status of a plain HTTP GET, for tests that talk to a server over a real socket."""

from __future__ import annotations

import urllib.error
import urllib.request


def get_status(url: str, timeout: float) -> int:
    """The status of a GET of ``url``, an error status included; a connection that fails or
    outlasts ``timeout`` raises (a test must not read it as an answer)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
