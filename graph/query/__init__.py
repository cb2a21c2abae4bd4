"""Querying: named queries (catalog), SPARQL text and its checks, the engines, results, remote endpoints, names, facts.
May import graph.rdf, graph.store and graph.sources; nothing from network or web."""
