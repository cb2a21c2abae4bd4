"""The commands that read the graph, ask it and show it: one ``cmd_NAME(args)`` per command, each calling
one function of :mod:`graph.api` and formatting its answer (data on standard output, messages on
standard error). The parser that fills ``args`` is :mod:`graph.cli.parser`."""

from __future__ import annotations

import json
import sys

from .. import api
from ..errors import InputError, UsageError, ValidationFailed



def _print(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _note(text: str) -> None:
    sys.stderr.write(text + "\n")


def _n(count: int, word: str, plural: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``0 rows``."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _open(args, files=()):
    return api.open_graph(False if args.no_user_data else args.data_dir, files, args.infer,
                          store=getattr(args, "store", None), base=getattr(args, "base", None))


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
    if args.confirmations:
        return _second_sources(args)
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


def _second_sources(args) -> int:
    """``audit --confirmations``: per entry, the facts (triples) a second source confirms or corrects, out of its
    facts, and the same for its names and illnesses; then each name and illness that has no second source."""
    entries = api.second_sources(args.files, kg=None if args.files else _open(args))
    keys = ("facts", "confirmed", "corrected", "secondSource", "names", "namesWithSecondSource")
    total = {key: sum(e[key] for e in entries) for key in keys}
    if args.format == "json":
        _print(json.dumps({"entries": entries, "total": total}, indent=2, ensure_ascii=False))
    else:
        head = ("entry", "title", "confirmed", "corrected", "second source", "names and illnesses")
        rows = [(str(e["entry"]), e["title"] or "", str(e["confirmed"]), str(e["corrected"]),
                 f"{e['secondSource']} of {e['facts']}", f"{e['namesWithSecondSource']} of {e['names']}")
                for e in entries]
        rows.append(("all", "", str(total["confirmed"]), str(total["corrected"]),
                     f"{total['secondSource']} of {total['facts']}", f"{total['namesWithSecondSource']} of {total['names']}"))
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, tuple("-" * w for w in widths), *rows]:
            _print("  ".join(cell.ljust(w) if i == 1 else cell.rjust(w) if i else cell.ljust(w)
                             for i, (cell, w) in enumerate(zip(row, widths))).rstrip())
        for e in entries:
            for t in e["withoutSecondSource"]:
                _print(f"no second source: entry {e['entry']}: <{t['subject']}> <{t['predicate']}> {t['object']} "
                       f"(<{t['graph']}>)")
    _note(f"{total['secondSource']} of {_n(total['facts'], 'fact')} of the article's {_n(len(entries), 'entry', 'entries')} "
          f"have a second source: {total['confirmed']} confirmed (dg:confirmedBy), {total['corrected']} corrected "
          f"(dg:correctedBy); {total['namesWithSecondSource']} of {total['names']} names and illnesses")
    return 0


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
        for c in row.get("confirmed", ()):
            read = f", read {c['read']}" if c.get("read") else ""
            quote = " ".join((c.get("quote") or "").split())
            _print(f"      confirmed by <{c['source']}> ({c['says']}){read}" + (f": \"{quote}\"" if quote else ""))
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
    listed = [q for q in api.queries() if args.all or q["audience"] == "people"]
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
    found = api.path(args.source, args.target, via=args.via, all_shortest=args.all_shortest, lang=args.lang,
                     kg=_target(args))
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
    from ..text import pad, width

    name_width = max([width(r["label"]) for r in rows] + [4])
    kind_width = max([len(r["kind"]) for r in rows] + [4])
    _print(f"{'rank':>4}  {pad('name', name_width)}  {'kind'.ljust(kind_width)}  {args.measure}")
    for r in rows:
        _print(f"{r['rank']:>4}  {pad(r['label'], name_width)}  {r['kind'].ljust(kind_width)}  {r['score']:.4f}")
    return 0


def cmd_export(args) -> int:
    done = api.export(args.view, args.format, args.out, kg=_target(args), report=True)
    _note(f"wrote {done['path']} ({done['format']}, {_n(done['nodes'], 'node')}, {_n(done['edges'], 'edge')})")
    return 0


def cmd_viz(args) -> int:
    page = api.viz(args.view, args.out, around=args.around, depth=args.depth, layout=args.layout,
                   max_edges=args.max_edges, min_weight=args.min_weight, renderer=args.renderer, lang=args.lang, kg=_open(args))
    if page.replaced:
        _note(f"replaced the existing {page.path}")
    _note(f"wrote {page.path} ({_n(page.nodes, 'node')}, {_n(page.edges, 'edge')}); it works offline")
    if args.open:
        import webbrowser

        if not webbrowser.open(page.path.resolve().as_uri()):  # no browser here, or it failed to start
            _note(f"found no web browser to open it: open {page.path} yourself (or name one in $BROWSER)")
    return 0


def cmd_serve(args) -> int:
    api.serve(args.host, args.port, allowed_hosts=args.allowed_host or (), kg=_open(args),
              timeout=args.timeout or None, max_rows=args.max_rows, max_request_bytes=args.max_request_bytes,
              workers=args.workers or 0, max_queue=args.max_queue, max_query_memory=args.max_query_memory,
              header_timeout=args.header_timeout, max_connections_per_client=args.max_connections_per_client,
              quiet=args.quiet)
    return 0


def cmd_co_actors(args) -> int:
    rows = api.co_actors(top=args.top, kg=_target(args))
    if args.format == "json":
        _print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        names = [t["name"] for t in r["titles"]]
        shown = names if not args.titles or len(names) <= args.titles else \
            names[:args.titles] + [f"… and {len(names) - args.titles} more (--titles 0 names them all)"]
        _print(f"{r['count']:>3}  {r['name1']} — {r['name2']}: {'; '.join(shown)}")
    _note(f"{_n(len(rows), 'pair')} of people who share titles, most first")
    return 0
