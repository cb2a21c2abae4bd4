"""Networks of the graph: networkx views, the network index on disk and its sizes, exploring, expanding, layout.
May import graph.rdf, graph.store, graph.sources and graph.query; nothing from web."""
