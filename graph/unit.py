"""Units of work: a service composes repository ``*_tx`` functions in one transaction.

A service whose transaction must weigh domain rules between reads and writes (the
consortium's rules before and after a change, say) writes a small function
``_name_work(tx: Tx, *, ...)`` that calls repository ``*_tx`` functions only, and runs it
with ``Graph.write`` or ``Graph.read``. ``Tx`` is the name it uses for the transaction, so
that nothing above ``graph/`` imports the driver; Cypher stays in the repositories.
"""

from __future__ import annotations

from typing import TypeAlias

from neo4j import ManagedTransaction

#: The transaction a unit of work receives; pass it on to repository functions only.
Tx: TypeAlias = ManagedTransaction

__all__ = ["Tx"]
