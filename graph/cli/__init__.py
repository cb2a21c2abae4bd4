"""The ``dramagraph`` command: parses arguments, calls one library function, formats the answer.

Data goes to standard output, messages to standard error, always as UTF-8. Exit codes: see
:mod:`graph.errors` (0 ok, 1 "no" answers such as SHACL violations, 2 usage/input errors, 3 timeout,
4 endpoint errors). It imports only :mod:`graph.api` and :mod:`graph.errors`; the API imports the
heavy libraries where they are used, so ``--help`` stays fast.

Why one file of ~840 lines: half of it is the argument parser, and a command's options and its
formatting read best side by side; there is no library logic here to split out (issue 28 asks for cli/parser.py and cli/commands.py: not done yet).
"""

from __future__ import annotations

import argparse
import json
import sys

from .. import __version__, api
from ..errors import DramagraphError, InputError, InternalError, UsageError, ValidationFailed

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


def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _csv(text: str) -> list[str]:
    """A comma-separated list of names (--types movie,tvSeries)."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise argparse.ArgumentTypeError("expected NAME[,NAME...]")
    return items


def _note(text: str) -> None:
    sys.stderr.write(text + "\n")


def _n(count: int, word: str, plural: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``0 rows``."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


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


def _open(args, files=()):
    return api.open_graph(False if args.no_user_data else args.data_dir, files, args.infer,
                          store=getattr(args, "store", None), base=getattr(args, "base", None))


# ------------------------------------------------------------------ commands
def cmd_stats(args) -> int:
    counts = api.stats(kg=_open(args))
    if args.format == "json":
        _print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            _print(f"{key.ljust(width)}  {str(value).lower() if isinstance(value, bool) else value}")
    return 0


def cmd_validate(args) -> int:
    kg = _open(args, args.files)
    report = api.validate(kg=kg)
    for violation in report.violations:
        _print(str(violation))
    if report.conforms:
        _note(f"conforms: {kg.count_triples()} triples checked against ontology/shapes.ttl")
        return 0
    _note(f"does not conform: {_n(len(report.violations), 'result')}")
    return 1


def cmd_audit(args) -> int:
    report = api.audit(args.files, kg=None if args.files else _open(args))
    if args.format == "json":
        _print(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            _print(finding.line())
        if args.uncited:
            for sentence in report.uncited:
                _print(f"uncited: {sentence}")
    for note in report.notes:
        _note(note)
    counts = report.counts()
    found = sum(counts.values())
    summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
    coverage = (f"; {report.cited} of {report.sentences} sentences of the article cited by a fact"
                + ("" if args.uncited or not report.uncited else " (--uncited lists the others)"))
    _note(f"{_n(found, 'finding')} ({summary}) in {_n(report.graphs, 'fact graph')} and "
          f"{_n(report.quotations, 'quotation')}{coverage}")
    return 1 if found else 0


def cmd_build(args) -> int:
    done = api.build(args.out, args.format, kg=_open(args), report=True)
    if done["keepsNamedGraphs"]:
        _note(f"wrote {done['path']} ({done['format']}, {_n(done['triples'], 'triple')} as "
              f"{_n(done['statements'], 'statement')}: {done['named']} in {_n(done['graphs'], 'named graph')}, "
              f"{done['default']} in the default graph)")
    else:
        _note(f"wrote {done['path']} ({done['format']}, {_n(done['triples'], 'triple')})")
    return 0


def cmd_add(args) -> int:
    try:
        path = api.add(args.file, args.data_dir, args.replace, wait=args.wait, base=args.base)
    except ValidationFailed as e:
        for violation in e.results:
            _print(str(violation))
        _note(f"not added: {_n(len(e.results), 'SHACL violation')}; nothing was changed")
        return 1
    _note(f"added {args.file} as {path}")
    return 0


def cmd_added(args) -> int:
    rows = api.added(args.data_dir)
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            _print(row["name"])
    _note(f"{_n(len(rows), 'added file')} in {api.user_data_dir(args.data_dir)}")
    return 0


def cmd_remove(args) -> int:
    _note(f"removed {api.remove(args.name, args.data_dir, wait=args.wait)}")
    return 0


def cmd_provenance(args) -> int:
    found = api.describe(args.thing, property=args.property, kg=_open(args))
    rows, label = found["facts"], found["label"]
    if args.format == "json":
        _print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    _print(f"{label} ({found['kind']}) <{found['node']}>")
    for row in rows:
        value = row["value"]
        shown = api.shorten(value) if isinstance(value, str) and value.startswith(("http://", "https://")) \
            else json.dumps(value, ensure_ascii=False)
        _print(f"  {api.shorten(row['property'])} {shown}")
        if row["graph"] is None:
            _print("      from the default graph only: no named graph says where it came from")
        elif row.get("quote"):
            where = f"article entry {row['entry']}" if row.get("entry") else f"<{row.get('source')}>"
            quote = " ".join(row["quote"].split())
            _print(f"      from {api.shorten(row['graph'])}, {where}: \"{quote}\"")
        elif row.get("derivedFrom"):
            _print(f"      from {api.shorten(row['graph'])}, derived from <{row['derivedFrom']}>")
        else:
            _print(f"      from {api.shorten(row['graph'])}")
        if row.get("disputed"):
            _print(f"      disputed: {api.dispute_text(row['disputed'])}")
            for c in row["disputed"]["corrections"]:
                read = f", read {c['read']}" if c.get("read") else ""
                _print(f"        {c['says']} <{c['source']}>{read}: \"{' '.join((c.get('quote') or '').split())}\"")
    if not rows:
        _note(f"{label} is known only as the object of other facts: it has no facts of its own")
    elif any(row["graph"] is None for row in rows):
        unsourced = sum(row["graph"] is None for row in rows)
        which = f"all {_n(unsourced, 'fact')}" if unsourced == len(rows) else f"{unsourced} of {len(rows)} facts"
        _note(f"{which} of {label} come from no named graph: where they came from was not recorded "
              f"when they were loaded")
    return 0


def _target(args):
    """The graph to query: a remote endpoint with --endpoint, else the embedded graph."""
    if getattr(args, "endpoint", None):
        return api.remote(args.endpoint, timeout=args.timeout or 30.0)
    return _open(args)


def _print_result(args, target, result) -> int:
    text = api.render(result, args.format, kg=target, limit=args.limit)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if result.kind == "select":
        table = (args.format or "table") == "table"
        shown = min(args.limit, len(result.rows)) if table else len(result.rows)
        more = f" (showing {shown}; --limit to see more)" if shown < len(result.rows) else ""
        _note(f"{_n(len(result.rows), 'row')}{more}")
    return 0


def cmd_queries(args) -> int:
    listed = api.queries()
    if args.format == "json":
        _print(json.dumps(listed, indent=2, ensure_ascii=False))
        return 0
    for query in listed:
        _print(f"{query['name']}: {query['title']}")
        if query["description"]:
            _print(f"    {query['description']}")
        for p in query["params"]:
            need = "required" if p["required"] else \
                f"optional{', default ' + repr(p['default']) if p['default'] else ''}"
            example = f", e.g. {p['example']!r}" if p["example"] else ""
            _print(f"    --param {p['name']}=<{p['kind']}>  ({need}{example}) {p['doc']}".rstrip())
    return 0


def _params(pairs) -> dict[str, str]:
    params = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param takes NAME=VALUE, not {pair!r}")
        params[name] = value
    return params


def cmd_query(args) -> int:
    target = _target(args)
    result = api.query_result(args.name, _params(args.param), kg=target, timeout=args.timeout or None)
    return _print_result(args, target, result)


def cmd_sparql(args) -> int:
    if args.file and args.query:
        raise UsageError("give the query as an argument or with --file, not both")
    if args.file:
        try:
            with open(args.file, encoding="utf-8") as f:
                text, where = f.read(), args.file
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(f"{args.file}: cannot read: {getattr(e, 'strerror', None) or e}") from None
    elif args.query == "-" or (args.query is None and not sys.stdin.isatty()):
        text, where = sys.stdin.read(), "<stdin>"
    elif args.query:
        text, where = args.query, "<query>"
    else:
        raise UsageError("no query: give it as an argument, with --file FILE, or on standard input (-)")
    target = _target(args)
    result = api.sparql_result(text, kg=target, where=where, timeout=args.timeout or None,
                               vocabulary=args.vocabulary, base=args.base)
    return _print_result(args, target, result)


def cmd_push(args) -> int:
    counts = api.push(args.endpoint, graph_store=args.graph_store, timeout=args.timeout or 30.0, progress=True,
                      chunk_triples=args.chunk_size, resume=args.resume, union_graph=args.union_graph,
                      kg=_open(args))
    union = (f"the union into the graph <{counts['unionGraph']}>" if counts.get("unionGraph")
             else "the union default graph")
    _note(f"pushed {counts['graphs']} named graphs ({counts['quads']} quads) and {union} "
          f"({counts['defaultGraphTriples']} triples) to {counts['graphStore']}")
    return 0


def cmd_links(args) -> int:
    rows = api.links(kg=_target(args))
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        _print(f"{r['title1Name']} -- {r['personName']} -- {r['title2Name']}")
        _print(f"    {r['personName']} plays {r['character1']} in {r['title1Name']} "
               f"and {r['character2']} in {r['title2Name']}")
    _note(_n(len(rows), "shared-actor link"))
    return 0


def cmd_path(args) -> int:
    found = api.path(args.source, args.target, via=args.via, all_shortest=args.all_shortest, kg=_target(args))
    if args.format == "json":
        _print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    for i, p in enumerate(found["paths"]):
        if i:
            _print("")
        first = p["nodes"][0]
        _print(f"{first['label']} ({first['kind']})")
        for hop, node in zip(p["hops"], p["nodes"][1:]):
            _print(f"  --[{hop['label']}]-- {node['label']} ({node['kind']})")
    _note(f"{_n(len(found['paths']), 'shortest path')} of {_n(found['length'], 'hop')}, via {found['via']}")
    return 0


def cmd_similar(args) -> int:
    kg = _target(args)
    title = api.resolve(args.title, kind="title", kg=kg)
    rows = api.similar(title, top=args.top, kg=kg)
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    _print(f"titles like {title.label}:")
    for i, r in enumerate(rows, 1):
        _print(f"{i}. {r['name']}  (score {r['score']})")
        for reason in r["reasons"]:
            _print(f"     - {reason}")
    if not rows:
        _note("no similar titles")
    return 0


def cmd_centrality(args) -> int:
    rows = api.centrality(args.view, args.measure, top=args.top, kg=_target(args))
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    width = max([len(r["label"]) for r in rows] + [4])
    kind_width = max([len(r["kind"]) for r in rows] + [4])
    _print(f"{'rank':>4}  {'name'.ljust(width)}  {'kind'.ljust(kind_width)}  {args.measure}")
    for r in rows:
        _print(f"{r['rank']:>4}  {r['label'].ljust(width)}  {r['kind'].ljust(kind_width)}  {r['score']:.4f}")
    return 0


def cmd_export(args) -> int:
    done = api.export(args.view, args.format, args.out, kg=_target(args), report=True)
    _note(f"wrote {done['path']} ({done['format']}, {_n(done['nodes'], 'node')}, {_n(done['edges'], 'edge')})")
    return 0


def cmd_viz(args) -> int:
    page = api.viz(args.view, args.out, around=args.around, depth=args.depth, layout=args.layout,
                   max_edges=args.max_edges, min_weight=args.min_weight, renderer=args.renderer, kg=_open(args))
    if page.replaced:
        _note(f"replaced the existing {page.path}")
    _note(f"wrote {page.path} ({_n(page.nodes, 'node')}, {_n(page.edges, 'edge')}); it works offline")
    if args.open:
        import webbrowser

        webbrowser.open(page.path.resolve().as_uri())
    return 0


def cmd_serve(args) -> int:
    api.serve(args.host, args.port, allowed_hosts=args.allowed_host or (), kg=_open(args),
              timeout=args.timeout or None, max_rows=args.max_rows, max_request_bytes=args.max_request_bytes,
              workers=args.workers or 0, max_queue=args.max_queue, max_query_memory=args.max_query_memory,
              header_timeout=args.header_timeout, max_connections_per_client=args.max_connections_per_client,
              quiet=args.quiet)
    return 0


def cmd_synth(args) -> int:
    count = api.synth(args.out, args.titles, args.seed, progress=True)
    _note(f"wrote {args.out}: {args.titles} titles, {count} triples (seed {args.seed})")
    return 0


def cmd_synth_imdb(args) -> int:
    counts = api.synth_imdb(args.out, args.principals, args.seed, gz=args.gz, progress=True)
    _note(f"wrote IMDb-format files into {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()
                                                                   if isinstance(v, int)))
    return 0


def _import_report(info: dict, args) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in info.get("counts", {}).items() if isinstance(v, int) and v)
    if args.format == "json":
        _print(json.dumps(info, indent=2, ensure_ascii=False, default=str))
    else:
        _print(f"imported into {info['store']} ({info['graph']}): {counts}")
        for skipped, n in sorted((info.get("counts", {}).get("skipped") or {}).items()):
            _print(f"  skipped {_n(n, 'row')} of type {skipped}")
    _note(f"the store holds {_n(info['triples'], 'triple')}; took {info['seconds']:.1f} s; use it with "
          f"--store {info['store']} (or DRAMAGRAPH_STORE); `dramagraph link --store {info['store']}` links "
          f"the imported titles and people to the article's")


def _indexed_note(info: dict) -> None:
    if info.get("indexSeconds") is not None:
        _note(f"indexed the network in {info['indexSeconds']:.1f} s (path, links, similar, co-actors use it)")


def cmd_import_imdb(args) -> int:
    info = api.import_imdb(args.folder, store=args.store, region=args.region, types=args.types,
                           categories=args.categories, episodes=args.episodes, data_dir=args.data_dir,
                           progress=True, wait=args.wait, index=not args.no_index)
    _import_report(info, args)
    _indexed_note(info)
    return 0


def cmd_import_wikidata(args) -> int:
    info = api.import_wikidata(args.file, store=args.store, name=args.name, data_dir=args.data_dir,
                               progress=True, wait=args.wait, index=not args.no_index)
    _import_report(info, args)
    _indexed_note(info)
    return 0


def cmd_link(args) -> int:
    info = api.link(store=args.store, progress=True, wait=args.wait, index=not args.no_index)
    _indexed_note(info)
    if args.format == "json":
        _print(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return 0
    for m in info["matches"]:
        _print(f"{m['kind']}\t{api.shorten(m['a'])}\t{api.shorten(m['b'])}\t{m['score']:.2f}\t{'; '.join(m['evidence'])}")
    for case in info["ambiguous"]:
        _print(f"ambiguous\t{api.shorten(case['node'])}\t{', '.join(map(api.shorten, case['candidates']))}\t"
              f"{case.get('why', '')}")
    _note(f"linked {_n(len(info['matches']), 'pair')}; {_n(len(info['ambiguous']), 'ambiguous case')} "
          f"listed, not linked; in {info['store']} in {info['seconds']:.1f} s")
    return 0


def cmd_co_actors(args) -> int:
    rows = api.co_actors(top=args.top, kg=_target(args))
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        _print(f"{r['count']:>3}  {r['name1']} — {r['name2']}: {'; '.join(t['name'] for t in r['titles'])}")
    _note(f"{_n(len(rows), 'pair')} of people who share titles, most first")
    return 0


def cmd_load(args) -> int:
    info = api.load_store(args.files, args.store, wait=args.wait, progress=True, base=args.base,
                          union=not args.no_union, index=not args.no_index)
    _note(f"loaded {_n(len(info['files']), 'file')}, {_n(info['triples'], 'triple')}, into {args.store} "
          f"in {info['seconds']:.1f} s; use it with --store {args.store} or DRAMAGRAPH_STORE")
    _indexed_note(info)
    return 0


# ------------------------------------------------------------------ parser
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
    p.add_argument("--format", choices=("graphml", "gexf", "json"), required=True)
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


def _unrecognized(parser: argparse.ArgumentParser, extras: list[str]) -> None:
    import difflib

    options = [o for action in parser._actions for o in action.option_strings]
    hints = []
    for extra in extras:
        close = difflib.get_close_matches(extra.split("=", 1)[0], options, n=1) if extra.startswith("-") else []
        if close:
            hints.append(f"{extra} (did you mean {close[0]}?)")
    parser.error(f"unrecognized arguments: {' '.join(extras)}" + (f"; {'; '.join(hints)}" if hints else ""))


class _OneLine:
    """Library log records and warnings (rdflib, pySHACL, ...) as one line each on standard error, never
    a traceback; a message said before is not said again."""

    def __init__(self):
        self.said: set[str] = set()

    def filter(self, record) -> bool:
        text = " ".join(record.getMessage().split())
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            text += f" ({type(error).__name__}: {' '.join(str(error).split())})"
        record.exc_info = record.exc_text = record.stack_info = None
        record.one_line = f"dramagraph: warning: {record.name.split('.')[0]}: {text}"
        if record.one_line in self.said:
            return False
        self.said.add(record.one_line)
        return True


def _one_line_logs() -> None:
    import logging

    if getattr(_one_line_logs, "done", False):
        return
    class Stderr(logging.StreamHandler):  # standard error as it is when a record is written
        stream = property(lambda self: sys.stderr, lambda self, value: None)

    handler = Stderr()
    handler.setLevel(logging.WARNING)
    handler.addFilter(_OneLine())
    handler.setFormatter(logging.Formatter("%(one_line)s"))
    logging.getLogger().addHandler(handler)
    logging.captureWarnings(True)
    _one_line_logs.done = True


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    _one_line_logs()
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:  # refused by the subcommand's parser, so that its usage is the one shown
        _unrecognized(getattr(args, "parser", parser), extras)
    if not getattr(args, "func", None):
        (getattr(args, "parser", None) or parser).print_help()
        return 2
    try:
        return args.func(args)
    except DramagraphError as e:
        _note(f"dramagraph: error: {e}")
        return e.exit_code
    except RecursionError:
        _note("dramagraph: error: input nested too deeply")
        return 2
    except KeyboardInterrupt:
        _note("dramagraph: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug, not the user's mistake: one line, exit 5 (DRAMAGRAPH_DEBUG=1: traceback)
        import os

        if os.environ.get("DRAMAGRAPH_DEBUG"):
            raise
        _note(f"dramagraph: internal error: {type(e).__name__}: {e} (a bug; DRAMAGRAPH_DEBUG=1 shows where)")
        return InternalError.exit_code


if __name__ == "__main__":
    sys.exit(main())
