"""The graph layer: the only code that holds the Neo4j driver or writes Cypher."""

from graph.driver import Graph
from graph.errors import Conflict, GraphError, GraphUnavailable
from graph.unit import Tx

__all__ = ["Conflict", "Graph", "GraphError", "GraphUnavailable", "Tx"]
