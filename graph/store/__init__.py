"""The store: the in-memory knowledge graph, the store on disk, its locks, the user's added data, SHACL and inference.
May import graph.rdf (and graph.errors, graph.progress); nothing from sources, query, network, web."""
