"""Parameter text the analysis functions share, written once for their numpydoc docstrings."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Final, TypeVar

F = TypeVar("F", bound=Callable[..., object])

#: Numpydoc entries of the parameters several measures take with the same meaning.
PARAMETERS: Final[dict[str, str]] = {
    "G": "G : networkx.Graph\n    An undirected graph.",
    "backend": 'backend : {"auto", "networkx", "igraph"}\n'
    "    See :func:`graph.analysis._igraph.use_igraph`.",
    "view": "view : IGraphView, optional\n    An igraph conversion of ``G`` to reuse.",
}

# A docstring line holding nothing but ``{name}``.
_PLACEHOLDER = re.compile(r"^([ \t]*)\{(\w+)\}[ \t]*$", re.MULTILINE)


def shared_parameters(func: F) -> F:
    """``func`` with each docstring line that is only ``{name}`` (a key of
    :data:`PARAMETERS`) replaced by that parameter's entry, at the line's indent.

    >>> @shared_parameters
    ... def size(G, *, view=None):
    ...     '''Parameters
    ...     ----------
    ...     {G}
    ...     {view}
    ...     '''
    >>> print(size.__doc__.strip())
    Parameters
        ----------
        G : networkx.Graph
            An undirected graph.
        view : IGraphView, optional
            An igraph conversion of ``G`` to reuse.
    """
    if func.__doc__:
        func.__doc__ = _PLACEHOLDER.sub(
            lambda match: textwrap.indent(PARAMETERS[match[2]], match[1]), func.__doc__
        )
    return func


__all__ = ["PARAMETERS", "shared_parameters"]
