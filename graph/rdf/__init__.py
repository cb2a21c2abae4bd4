"""RDF at the bottom of the data flow: IRIs and namespaces, terms, parsing and writing with their limits, where the
ontology, queries and data folders are. May import only graph.errors and graph.progress (no other subpackage)."""
