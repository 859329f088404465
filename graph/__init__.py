"""The graph layer: the only code that holds the Neo4j driver or writes Cypher."""

from graph.driver import Graph, GraphUnavailable

__all__ = ["Graph", "GraphUnavailable"]
