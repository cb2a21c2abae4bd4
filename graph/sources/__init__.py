"""Where facts come from: IMDb and Wikidata imports, synthetic data, linking of records (sameAs), the audit and confirmations.
May import graph.rdf and graph.store; nothing from query, network, web."""
