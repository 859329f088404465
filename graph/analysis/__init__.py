"""Network analysis: pure functions on networkx graphs, computed through igraph at scale."""

from graph.analysis._igraph import AUTO_MIN_EDGES, Backend, IGraphView
from graph.analysis.brokerage import ROLES, brokerage, constraint, top_brokers
from graph.analysis.bundle import analysis_bundle, district_table, jsonable
from graph.analysis.centrality import (
    BETWEENNESS_SAMPLES,
    EXACT_BETWEENNESS_MAX_NODES,
    betweenness,
    degree,
    pagerank,
)
from graph.analysis.communities import louvain, modularity
from graph.analysis.fragility import articulation_points, bridges, fragility
from graph.analysis.growth import growth
from graph.analysis.mixing import assortativity, mixing_matrix
from graph.analysis.structure import component_sizes, structure
from graph.analysis.subsidiarity import (
    subsidiarity_by_group,
    subsidiarity_index,
    triad_counts,
)

__all__ = [
    "AUTO_MIN_EDGES",
    "BETWEENNESS_SAMPLES",
    "Backend",
    "EXACT_BETWEENNESS_MAX_NODES",
    "IGraphView",
    "ROLES",
    "analysis_bundle",
    "articulation_points",
    "assortativity",
    "betweenness",
    "bridges",
    "brokerage",
    "component_sizes",
    "constraint",
    "degree",
    "district_table",
    "fragility",
    "growth",
    "jsonable",
    "louvain",
    "mixing_matrix",
    "modularity",
    "pagerank",
    "structure",
    "subsidiarity_by_group",
    "subsidiarity_index",
    "top_brokers",
    "triad_counts",
]
