"""The ``dramagraph`` argument parser: every command, its options, its help and the examples of
``--help``. Each command's ``func`` is its ``cmd_NAME`` in :mod:`graph.cli.commands` or
:mod:`graph.cli.loading`.

Why ~330 lines: it is the whole command-line surface, one ``add_argument`` per option with its help text;
split by command it would scatter the shared option groups (``reading``, ``querying``) over files."""

from __future__ import annotations

import argparse

from .. import __version__, api
from .commands import (cmd_add, cmd_added, cmd_audit, cmd_build, cmd_centrality, cmd_co_actors, cmd_export,
    cmd_links, cmd_path, cmd_provenance, cmd_push, cmd_queries, cmd_query, cmd_remove, cmd_serve,
    cmd_similar, cmd_sparql, cmd_stats, cmd_validate, cmd_viz)
from .loading import (cmd_import_imdb, cmd_import_wikidata, cmd_link, cmd_load, cmd_synth, cmd_synth_imdb)

EXAMPLES = """\
examples:
  dramagraph stats
  dramagraph validate my-titles.ttl
  dramagraph provenance "Sky of Love"
  dramagraph build --out dramagraph.trig --format trig
  dramagraph add my-titles.ttl
  dramagraph queries
  dramagraph query titles-about --param concept=cancer
  dramagraph sparql 'SELECT ?name WHERE { ?t schema:alternateName "Sky of Love" ; schema:name ?name }'
  dramagraph query shared-actors --endpoint http://127.0.0.1:7878/query
  dramagraph path "Yui Aragaki" "Mikako Tabe"
  dramagraph similar Koizora
  dramagraph export --view co-actor --format graphml --out co-actors.graphml
  dramagraph viz --open
  dramagraph viz --around "Haruma Miura" --depth 2 --out miura.html
  dramagraph serve --port 8000

exit codes: 0 ok; 1 SHACL violations (or another "no" answer); 2 usage or input error;
            3 query timeout; 4 SPARQL endpoint error; 5 internal error
"""


def _csv(text: str) -> list[str]:
    """A comma-separated list of names (--types movie,tvSeries)."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("expected NAME[,NAME...]")
    return items


def _count_type(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    parse.__name__ = "count"
    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, not {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more seconds, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dramagraph",
        description="A knowledge graph of Japanese dramas and films, from the article \"Top 8 Most "
                    "Inspiring Japanese Dramas and Movies\": RDF, SHACL, SPARQL and networks.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"dramagraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument("--data-dir", metavar="DIR",
                         help="folder of added data (default: $DRAMAGRAPH_DATA_DIR or the platform's "
                              "user data folder)")
    reading.add_argument("--no-user-data", action="store_true",
                         help="read only the article's data, not the added data")
    reading.add_argument("--infer", action="store_true",
                         help="add OWL RL inferences (owlrl), in a named graph of their own")
    reading.add_argument("--store", metavar="DIR",
                         help="read a persistent store made by `dramagraph load` (default: "
                              "$DRAMAGRAPH_STORE, else the embedded graph)")

    def command(name, func, help_, parents=(reading,), **kw):
        p = sub.add_parser(name, help=help_, description=help_, parents=list(parents), **kw)
        p.set_defaults(func=func, parser=p)
        return p

    p = command("stats", cmd_stats, "Count the titles, films, series, works, actors, illnesses, triples.")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("validate", cmd_validate,
                "Check the graph (and FILEs) against the SHACL shapes; exit 1 on violations.")
    p.add_argument("files", nargs="*", metavar="FILE", help="extra RDF files to validate with the graph")
    p.add_argument("--base", metavar="IRI", help="the IRI that relative IRIs in the files resolve against (default: https://w3id.org/dramagraph/)")

    p = command("audit", cmd_audit, "Check that every fact is supported by the source it cites: quotations "
                                    "verbatim, names in their passage, every fact graph sourced, background "
                                    "knowledge citing records; exit 1 on findings.")
    p.add_argument("files", nargs="*", metavar="FILE", help="audit only these RDF files (default: the dataset)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--uncited", action="store_true", help="also list the article's sentences that no fact cites")
    p.add_argument("--confirmations", action="store_true",
                   help="instead, count per entry of the article the facts a second source confirms "
                        "(dg:confirmedBy) or corrects (dg:correctedBy); exit 0")

    p = command("build", cmd_build, "Write the whole dataset to a file.")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--format", choices=api.BUILD_FORMATS,
                   help="default: from the file's extension (.ttl .nt .trig .nq .jsonld .rdf .n3 ...); "
                        "trig, nquads and jsonld keep the provenance graphs; xml is RDF/XML")

    p = command("add", cmd_add, "Add your own titles from an RDF file, if the graph still validates.",
                parents=())
    p.add_argument("file", metavar="FILE", help="Turtle (or N-Triples, RDF/XML, JSON-LD, TriG) file")
    p.add_argument("--base", metavar="IRI", help="the IRI that relative IRIs in the file resolve against (default: https://w3id.org/dramagraph/)")
    p.add_argument("--replace", action="store_true", help="replace data added before from a file "
                                                           "of the same name")
    p.add_argument("--data-dir", metavar="DIR", help="folder of added data")
    p.add_argument("--wait", type=_seconds, default=120.0, metavar="SECONDS",
                   help="how long to wait for another add to finish (default 120; 0 = do not wait)")

    p = command("added", cmd_added, "List the files added with `dramagraph add`.", parents=())
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--data-dir", metavar="DIR", help="folder of added data")

    p = command("remove", cmd_remove, "Remove data added with `dramagraph add`.", parents=())
    p.add_argument("name", metavar="NAME", help="the name `dramagraph added` lists, or the name of the file "
                                                "that was added (my-drama or my-drama.ttl)")
    p.add_argument("--wait", type=_seconds, default=120.0, metavar="SECONDS",
                   help="how long to wait for an add to finish (default 120; 0 = do not wait)")
    p.add_argument("--data-dir", metavar="DIR", help="folder of added data")

    remote_parent = argparse.ArgumentParser(add_help=False)
    remote_parent.add_argument("--endpoint", metavar="URL",
                               help="read the network from this SPARQL 1.1 endpoint instead of the embedded graph "
                                    "(after `dramagraph push`); credentials from the environment or ~/.netrc")
    remote_parent.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS",
                               help="with --endpoint: per query (default 30; 0 = no limit)")

    querying = argparse.ArgumentParser(add_help=False)
    querying.add_argument("--format", choices=("table", "json", "csv", "tsv", "xml", "turtle", "nt", "jsonld"),
                          help="SELECT/ASK: table (default, for people), json, csv, tsv, xml (SPARQL 1.1 "
                               "results formats); CONSTRUCT/DESCRIBE: turtle (default), nt, jsonld")
    querying.add_argument("--limit", type=_count_type(0), default=100, metavar="N",
                          help="rows shown by --format table (default 100)")
    querying.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS",
                          help="stop a query after this long, exit 3 (default 30; 0 = no limit)")
    querying.add_argument("--endpoint", metavar="URL",
                          help="run on this SPARQL 1.1 endpoint instead of the embedded graph; credentials from "
                               "DRAMAGRAPH_ENDPOINT_USER/DRAMAGRAPH_ENDPOINT_PASSWORD or ~/.netrc ($NETRC), never "
                               "in the URL; HTTPS verified (DRAMAGRAPH_CA_BUNDLE for a private CA)")

    p = command("queries", cmd_queries, "List the named queries with their description and parameters.",
                parents=())
    p.add_argument("--all", action="store_true",
                   help="also the internal queries that dramagraph's own views read (audience: internal)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("query", cmd_query, "Run a named query (see `dramagraph queries`).",
                parents=(reading, querying))
    p.add_argument("name", metavar="NAME")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE",
                   help="a parameter, e.g. --param title='Sky of Love' (repeatable)")

    p = command("sparql", cmd_sparql, "Run a SPARQL query given as text, in a file, or on standard input.",
                parents=(reading, querying))
    p.add_argument("query", nargs="?", metavar="QUERY", help="the query text, or - for standard input")
    p.add_argument("--file", "-f", metavar="FILE", help="read the query from FILE")
    p.add_argument("--base", metavar="IRI", help="the IRI that relative IRIs in the query resolve against "
                                                 "(default: none, a relative IRI is an error)")
    p.add_argument("--vocabulary", action="store_true",
                   help="with --store: the default graph also holds dramagraph's vocabulary (ontology and "
                        "concept schemes), which a store made by `dramagraph load` keeps in named graphs")

    p = command("push", cmd_push, "Load the dataset into a SPARQL server (Graph Store Protocol).")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the server's SPARQL query URL; credentials from DRAMAGRAPH_ENDPOINT_USER/"
                        "DRAMAGRAPH_ENDPOINT_PASSWORD or ~/.netrc ($NETRC), never in the URL; HTTPS verified "
                        "(DRAMAGRAPH_CA_BUNDLE for a private CA)")
    p.add_argument("--graph-store", metavar="URL",
                   help="its Graph Store Protocol URL (default: guessed, e.g. /query -> /store, "
                        "Virtuoso /sparql -> /sparql-graph-crud-auth)")
    p.add_argument("--timeout", type=_seconds, default=300.0, metavar="SECONDS",
                   help="per request (default 300)")
    p.add_argument("--chunk-size", type=_count_type(1), default=100_000, metavar="N",
                   help="triples per Graph Store request (default 100,000; a graph's triples that touch blank "
                        "nodes go in one request)")
    p.add_argument("--resume", metavar="FILE",
                   help="record in FILE each chunk the server acknowledged; when FILE is left by a push that "
                        "failed, continue after its last acknowledged chunk (removed when the push completes)")
    p.add_argument("--union-graph", metavar="IRI",
                   help="put the union into this named graph instead of the default graph (default for "
                        "Virtuoso's /sparql-graph-crud[-auth]: https://w3id.org/dramagraph/graph/union)")

    views = ("full", "cast", "co-actor", "title")
    p = command("links", cmd_links, "Show the shared-actor links between titles.",
                parents=(reading, remote_parent))
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("path", cmd_path, "Show the shortest path between two named things, hop by hop; exit 1 "
                                  "when there is none.", parents=(reading, remote_parent))
    p.add_argument("source", metavar="A", help="a person, title, character, illness or work")
    p.add_argument("target", metavar="B")
    p.add_argument("--via", choices=("people", "all"),
                   help="people: only actors and titles; all: the full network (default: people when "
                        "both ends are actors or titles with a cast, else all)")
    p.add_argument("--all-shortest", action="store_true", help="every shortest path, not just one")
    p.add_argument("--lang", choices=("en", "ja"), default="en",
                   help="the language of the names shown: en (default) or ja (Japanese script where a source gives "
                        "it, else the English name)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("similar", cmd_similar, "Rank titles by similarity to a title, with the reasons.",
                parents=(reading, remote_parent))
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--top", type=_count_type(1), default=10, metavar="N")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("centrality", cmd_centrality, "Rank the nodes of a network view by centrality.",
                parents=(reading, remote_parent))
    p.add_argument("--view", choices=views, default="full")
    p.add_argument("--measure", choices=("degree", "betweenness", "closeness"), default="degree")
    p.add_argument("--top", type=_count_type(1), metavar="N", help="only the first N")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = command("export", cmd_export, "Write a network view for Gephi, Cytoscape or networkx.",
                parents=(reading, remote_parent))
    p.add_argument("--view", choices=views, default="full")
    p.add_argument("--format", choices=("graphml", "gexf", "json"),
                   help="default: from the --out file's extension (.graphml, .gexf, .json)")
    p.add_argument("--out", required=True, metavar="FILE")

    p = command("viz", cmd_viz, "Write the interactive network page: one HTML file that works offline.")
    p.add_argument("--view", choices=views, default="full")
    p.add_argument("--out", metavar="FILE.html", help="default: dramagraph-VIEW.html in this folder, "
                   "dramagraph-VIEW-around-NAME-depth-K.html with --around")
    p.add_argument("--around", metavar="NAME", help="only the neighbourhood of this node")
    p.add_argument("--depth", type=_count_type(0), metavar="K", help="hops around --around (default 1)")
    p.add_argument("--layout", choices=("auto", "physics", "precomputed"), default="auto",
                   help="auto: physics up to 500 nodes, above that a force-directed layout computed in Python")
    p.add_argument("--max-edges", type=_count_type(0), default=50_000, metavar="N",
                   help="refuse to write a page of more than N edges, saying how to narrow the view (default 50000)")
    p.add_argument("--min-weight", type=float, metavar="W",
                   help="keep only edges of at least this weight (the title and co-actor views)")
    p.add_argument("--renderer", choices=("auto", "vis", "sigma"), default="auto",
                   help="auto: vis-network up to 5000 nodes, sigma.js (WebGL) above")
    p.add_argument("--lang", choices=("en", "ja"), default="en",
                   help="the language of the names shown: en (default) or ja (Japanese script where a source gives "
                        "it, else the English name)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")

    p = command("serve", cmd_serve, "Serve a read-only SPARQL endpoint (/sparql), the named queries "
                                    "(/queries), a web explorer (/) and the network explored from a search (/explore).")
    p.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allowed-host", action="append", metavar="NAME",
                   help="also answer requests whose Host header is NAME (repeatable; *.example.org, or * for "
                        "any); default: the --host and, on the loopback, localhost, 127.0.0.1 and [::1]")
    p.add_argument("--quiet", action="store_true", help="no line per request on standard error")
    p.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS",
                   help="per request, waiting and sending included (default 30; 0 = no limit)")
    p.add_argument("--max-rows", type=_count_type(1), default=10_000, metavar="N",
                   help="rows (or triples) per answer (default 10000)")
    p.add_argument("--max-request-bytes", type=_count_type(1), default=100_000, metavar="N",
                   help="larger requests get 413 (default 100000)")
    p.add_argument("--workers", type=_count_type(1), metavar="N",
                   help="query worker processes (default: one per core and one more, at least 3)")
    p.add_argument("--max-queue", type=_count_type(0), default=100, metavar="N",
                   help="requests that may wait for a worker; more get 503 (default 100)")
    p.add_argument("--max-query-memory", type=_count_type(16), default=1024, metavar="MB",
                   help="a query whose worker grows by more is stopped, 503 (default 1024)")
    p.add_argument("--header-timeout", type=_seconds, default=10.0, metavar="SECONDS",
                   help="time to send the request headers, and again the body (default 10)")
    p.add_argument("--max-connections-per-client", type=_count_type(1), default=64, metavar="N",
                   help="open connections one client address may hold (default 64)")

    p = command("synth", cmd_synth, "Write synthetic data shaped like the article's (for benchmarks).",
                parents=())
    p.add_argument("--titles", type=_count_type(1), required=True, metavar="N",
                   help="how many titles (~48 triples each)")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--themes", action="store_true",
                   help="give titles themes too (romance, young love, ...), for `similar` at size")
    p.add_argument("--out", required=True, metavar="FILE", help="N-Triples file to write")

    p = command("synth-imdb", cmd_synth_imdb, "Write synthetic files in IMDb's format (for tests and "
                                              "benchmarks of `dramagraph import imdb`).", parents=())
    p.add_argument("--principals", type=_count_type(1), required=True, metavar="N",
                   help="rows of title.principals (about 10 a title)")
    p.add_argument("--seed", type=int, default=0, metavar="S")
    p.add_argument("--gz", action="store_true", help="write .tsv.gz, as IMDb publishes them")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the files into")

    importing = argparse.ArgumentParser(add_help=False)
    importing.add_argument("--store", metavar="DIR",
                           help="the store to import into (default: $DRAMAGRAPH_STORE); a new one starts "
                                "from the article and your added data")
    importing.add_argument("--data-dir", metavar="DIR", help="folder of added data (for a new store)")
    importing.add_argument("--format", choices=("text", "json"), default="text")
    importing.add_argument("--wait", type=_seconds, default=120.0, metavar="SECONDS",
                           help="how long to wait for another import or load into the store (default 120)")
    importing.add_argument("--no-index", action="store_true",
                           help="do not build the network index (path, links, similar and co-actors are then slower)")
    p = command("import", None, "Import real data into a store: IMDb's datasets, or a file saved from "
                                "Wikidata.", parents=())
    kinds = p.add_subparsers(dest="source", metavar="SOURCE")
    q = kinds.add_parser("imdb", parents=[importing], help="IMDb's non-commercial datasets (title.basics, "
                         "title.principals, name.basics, title.akas; .tsv or .tsv.gz)",
                         description="Read IMDb's datasets from FOLDER into the store, replacing an earlier "
                                     "IMDb import (not the article, not your data).")
    q.set_defaults(func=cmd_import_imdb, parser=q)
    q.add_argument("folder", metavar="FOLDER", help="the folder holding the downloaded files")
    q.add_argument("--region", metavar="CC", help="only titles with a title.akas row of this region (e.g. JP)")
    q.add_argument("--types", type=_csv, metavar="T,T", help="titleTypes to keep (default: movie,tvMovie,"
                   "tvSeries,tvMiniSeries; also video, short, tvShort, tvSpecial, tvEpisode)")
    q.add_argument("--categories", type=_csv, metavar="C,C",
                   help="principal categories read as cast (default: actor,actress; e.g. add self)")
    q.add_argument("--episodes", action="store_true", help="read tvEpisode titles and title.episode too")
    q = kinds.add_parser("wikidata", parents=[importing], help="a file saved from Wikidata (WDQS CONSTRUCT "
                         "result, or entity JSON / N-Triples)",
                         description="Read a file saved from Wikidata into the store, mapped by the CONSTRUCT "
                                     "queries of queries/wikidata/, replacing an earlier import of that name.")
    q.set_defaults(func=cmd_import_wikidata, parser=q)
    q.add_argument("file", metavar="FILE")
    q.add_argument("--name", help="the import's name (default: the file's name)")

    p = command("co-actors", cmd_co_actors, "The pairs of people who share the most titles, with the titles.",
                parents=(reading, remote_parent))
    p.add_argument("--top", type=_count_type(1), default=20, metavar="N", help="how many pairs (default 20)")
    p.add_argument("--titles", type=_count_type(0), default=5, metavar="K",
                   help="name at most K shared titles a pair, then how many more (default 5; 0: all)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = command("link", cmd_link, "Find the same titles and people across the store's sources and record "
                                  "the matches (owl:sameAs, with evidence and score).", parents=())
    p.add_argument("--store", metavar="DIR", help="the store (default: $DRAMAGRAPH_STORE)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--wait", type=_seconds, default=120.0, metavar="SECONDS",
                   help="how long to wait for another import or load into the store (default 120)")
    p.add_argument("--no-index", action="store_true", help="do not build the network index (path, links, similar and co-actors are then slower)")

    p = command("load", cmd_load, "Bulk-load RDF files into a persistent on-disk store (Oxigraph).",
                parents=())
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--no-union", action="store_true",
                   help="the default graph holds only the triples the files put in no named graph (as SPARQL "
                        "stores do), not the union of all graphs")
    p.add_argument("--base", metavar="IRI", help="the IRI that relative IRIs in the files resolve against (default: https://w3id.org/dramagraph/)")
    p.add_argument("--store", required=True, metavar="DIR",
                   help="the store folder: new, empty, or a store (replaced in one step once loading succeeded)")
    p.add_argument("--no-index", action="store_true", help="do not build the network index (path, links, similar and co-actors are then slower)")
    p.add_argument("--wait", type=_seconds, default=120.0, metavar="SECONDS",
                   help="how long to wait for another load into DIR to finish (default 120; 0 = do not wait)")

    p = command("provenance", cmd_provenance,
                "Show every fact about a node and the passage of the source it came from.")
    p.add_argument("thing", metavar="NAME", help="a title, person, character, work or concept: name, "
                                                 "alternate name, prefix:local or IRI")
    p.add_argument("--property", metavar="P", help="only this property (e.g. datePublished)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser
