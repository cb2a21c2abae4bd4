"""Viz and serve: the interactive page (templates/, static/), node pages, the HTTP app, its guard and query workers.
May import every lower subpackage (rdf, store, sources, query, network); only graph.api and graph.cli import it."""
