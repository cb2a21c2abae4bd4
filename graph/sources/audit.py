"""Step 3 (validate): ``dramagraph audit`` — is every fact supported by the source it cites?

Where it sits: above ``store`` and ``rdfio`` (it reads a graph, or files), beside ``shacl``; read by
``api``. The shapes check that facts are well formed; the audit checks that each one is *said* by its
source, as a reader following the citation would:

``quotation``
    a quotation of the article (``prov:value`` of an entity ``prov:wasQuotedFrom`` the article) is
    verbatim in the shipped text ``data/article.txt``. A quotation of a source whose text is not
    shipped (a web page) is not checked: said once per source, not as a finding.
``name``
    a name (``schema:name``, ``schema:alternateName``, ``schema:characterName``) in a fact graph occurs
    in that graph's quotation (case, whitespace, quote marks and dashes normalised; nothing fuzzier).
    A graph derived from a file (added data, an import) supports a name the file holds as a field or
    literal: the file is read when it is still there. A node of an IMDb import (``imdb:tt…``,
    ``imdb:nm…``, ``imdb:role/tt…-ORDERING[-K]``) cited to a ``.tsv``/``.tsv.gz`` file is checked against
    its own row(s), not the whole file: the lines whose first field is its id (tconst, titleId or nconst),
    and for a role the line of its tconst whose second field is its ordering; a name only on some other
    row is a finding naming the row.
``unsourced``
    a fact graph is derived (``prov:wasDerivedFrom``) from a quotation or a record (a file, a
    Wikidata item, a page); a triple in no named graph at all comes from nowhere.
``home page``
    a background statement (``dct:source``) cites a specific record, not a site's home page.
``uncited``
    a concept placed in the hierarchy (``skos:broader``) cites where that comes from (``dct:source``).
``confirmation``
    a graph that confirms a claim (``CLAIM dg:confirmedBy GRAPH``) holds the same triples as the claim,
    no fewer and no more, and is derived from a quotation of a source other than the one the claim cites
    (a second source, not the same one twice).

Graphs that are not facts of a source are not audited as such: the provenance graph, the ontology's
graphs (checked by ``home page`` and ``uncited``), inferred triples, the links ``dramagraph link``
found (their evidence is in their axioms) and an import's own provenance graph.

**Second sources** (:func:`graph.sources.confirmations.second_sources`, ``dramagraph audit --confirmations``): for each entry of the
article, how many of its facts (the graphs derived from a quotation of that entry) a second source confirms
(``dg:confirmedBy``) or corrects (``dg:correctedBy``).

**Coverage** says how many of the article's sentences some quotation cites (a sentence is cited when
a quotation holds it, or it holds the quotation), and which are not, so a curator sees what was left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..rdf.iris import (ARTICLE, DCT_NS, DG_NS, GRAPH_IMPORT, GRAPH_INFERRED, GRAPH_LINKS, GRAPH_ONTOLOGY, GRAPH_PROVENANCE,
                   IMDB, PROV_NS, SCHEMA_NS, SKOS_NS)

__all__ = ["Finding", "Report", "audit_store", "confirmation_findings", "normalise", "sentences", "KINDS"]

KINDS = ("quotation", "name", "unsourced", "home page", "uncited", "confirmation")
NAME_PROPERTIES = tuple(SCHEMA_NS + p for p in ("name", "alternateName", "characterName"))
_QUOTES = str.maketrans({c: "'" for c in "\"“”„‟«»‘’‚‛`´"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc-]")
_IMDB_KEY = re.compile(r"(tt[0-9]+|nm[0-9]+)|role/(tt[0-9]+)-([0-9]+)(?:-[0-9]+)?")
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')


def normalise(text: str) -> str:
    """The form names and passages are compared in: NFKC, case folded, one kind of quote mark and of
    dash, whitespace collapsed.

    >>> normalise("  “Koizora” —  Sky   of LOVE ")
    "'koizora' - sky of love"
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_QUOTES)
    return " ".join(_DASHES.sub("-", text).split())


def sentences(text: str) -> list[str]:
    """The article's sentences: each line split after ``.``, ``!`` or ``?`` (not after a number, as in
    a numbered heading); list bullets and empty lines dropped; a heading line is a sentence of its own.

    >>> sentences("1. Perfect World\\n\\nIt is sad. Very sad!\\n  • A as B")
    ['1. Perfect World', 'It is sad.', 'Very sad!', 'A as B']
    """
    found = []
    for line in text.splitlines():
        line = line.strip().lstrip("•").strip()
        if not line:
            continue
        found += [s.strip() for s in re.split(r"(?<=[^0-9][.!?])\s+(?=[\"“A-Z0-9(])", line) if s.strip()]
    return found


@dataclass
class Finding:
    kind: str
    graph: str | None
    subject: str
    predicate: str
    object: str
    passage: str
    message: str

    def line(self) -> str:
        """One line: kind, graph, the triple, and the passage cut to 100 characters."""
        passage = " ".join(self.passage.split())
        if len(passage) > 100:
            passage = passage[:99] + "…"
        where = f"<{self.graph}>" if self.graph else "(no named graph)"
        return (f"{self.kind}: {where} <{self.subject}> <{self.predicate}> {self.object}: {self.message}"
                + (f" | passage: {passage!r}" if passage else ""))


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sentences: int = 0
    cited: int = 0
    uncited: list[str] = field(default_factory=list)
    quotations: int = 0
    graphs: int = 0

    def counts(self) -> dict:
        return {kind: sum(1 for f in self.findings if f.kind == kind) for kind in KINDS}

    def as_json(self) -> dict:
        return {"findings": [asdict(f) for f in self.findings], "counts": self.counts(), "notes": self.notes,
                "graphs": self.graphs, "quotations": self.quotations,
                "coverage": {"sentences": self.sentences, "cited": self.cited, "uncited": self.uncited}}


def _term(t) -> str:
    import pyoxigraph as ox

    if isinstance(t, ox.Literal):
        return f'"{t.value}"' + (f"@{t.language}" if t.language else "")
    return t.value if isinstance(t, ox.NamedNode) else str(t)


def confirmation_findings(store, claim: str, confirmation: str, cited_by: dict) -> list[Finding]:
    """What is wrong with ``confirmation`` as a confirmation of ``claim``: a triple it holds that the claim does
    not, and a source that is the claim's own. It may hold only some of the claim's triples: a source seldom
    states all that one sentence of the article does, and what it leaves out stays unconfirmed."""
    import pyoxigraph as ox

    def triples(graph):
        return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}

    said, confirmed = triples(claim), triples(confirmation)
    found = []
    for s, p, o in sorted(confirmed - said, key=str):
        found.append(Finding("confirmation", confirmation, _term(s), p.value, _term(o), "",
                             f"not a triple of the claim it confirms (<{claim}>)"))
    same = sorted(cited_by.get(confirmation, set()) & cited_by.get(claim, set()) - {None})
    if same:
        found.append(Finding("confirmation", confirmation, claim, DG_NS + "confirmedBy", f"<{confirmation}>", "",
                             f"quoted from the source the claim cites ({', '.join(same)}): not a second source"))
    return found


def _skipped(graph: str) -> bool:
    return (graph == GRAPH_PROVENANCE or graph.startswith(GRAPH_ONTOLOGY) or graph == GRAPH_INFERRED
            or graph == GRAPH_LINKS or graph.rstrip("/") in (GRAPH_IMPORT + "imdb", GRAPH_IMPORT + "wikidata"))


def _home_page(iri: str) -> bool:
    parts = urlsplit(iri)
    return parts.scheme in ("http", "https") and parts.path in ("", "/") and not parts.query and not parts.fragment


def audit_store(store, article_text: str | None) -> Report:
    """Audit the quads of ``store`` (a ``pyoxigraph.Store``) against ``article_text`` (the article's
    shipped text, or None when it is not at hand)."""
    import pyoxigraph as ox

    report = Report()
    nn = ox.NamedNode
    value, quoted, derived = nn(PROV_NS + "value"), nn(PROV_NS + "wasQuotedFrom"), nn(PROV_NS + "wasDerivedFrom")

    # ---------------------------------------------------------------- quotations
    texts: dict[str, str] = {}  # quotation -> its words
    source_of: dict[str, str] = {}
    for q in store.quads_for_pattern(None, value, None, None):
        texts[q.subject.value] = q.object.value
    for q in store.quads_for_pattern(None, quoted, None, None):
        source_of[q.subject.value] = q.object.value
    report.quotations = len(texts)
    article = " ".join(article_text.split()) if article_text is not None else None
    not_shipped: dict[str, int] = {}
    for quote, words in sorted(texts.items()):
        source = source_of.get(quote)
        if source == ARTICLE and article is not None:
            if " ".join(words.split()) not in article:
                report.findings.append(Finding("quotation", None, quote, PROV_NS + "value", f'"{words[:60]}"',
                                               words, "not verbatim in the article's text (data/article.txt)"))
        elif source is not None:
            not_shipped[source] = not_shipped.get(source, 0) + 1
    for source, n in sorted(not_shipped.items()):
        report.notes.append(f"{n} quotation{'s' if n > 1 else ''} of {source}, whose text is not shipped: not "
                            f"checked word for word")

    # ---------------------------------------------------------------- what each graph is derived from
    derivations: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, derived, None, None):
        derivations.setdefault(q.subject.value, []).append(q.object.value)
    graphs = sorted({g.value for g in store.named_graphs()} if hasattr(store, "named_graphs") else set())
    report.graphs = sum(1 for g in graphs if not _skipped(g))
    # names: those a passage holds pass at once; those cited to files are looked for in one pass over
    # each file (the names sought kept, per row key, never the file's fields: an IMDb file is gigabytes)
    candidates = []  # (graph, quad, name, passages, file records), in the order of the graphs
    sought: dict[str, dict[tuple | None, set[str]]] = {}  # file -> row key (None: anywhere) -> names
    for graph in graphs:
        if _skipped(graph):
            continue
        sources = derivations.get(graph, [])
        passages = [texts[s] for s in sources if s in texts]
        records = [s for s in sources if s not in texts and _record(s)]
        if not passages and not records:
            for q in store.quads_for_pattern(None, None, None, nn(graph)):
                report.findings.append(Finding("unsourced", graph, q.subject.value, q.predicate.value,
                                               _term(q.object), "", "derived from no quotation or record"))
            continue
        passage = normalise(" ".join(passages))
        file_records = list(dict.fromkeys(r for r in records if r.startswith("file:")))  # each once
        if records and not passages and not file_records:
            continue  # records we cannot read here (a Wikidata item, a page): not checked
        for prop in NAME_PROPERTIES:
            for q in store.quads_for_pattern(None, nn(prop), None, nn(graph)):
                if not isinstance(q.object, ox.Literal):
                    continue
                name = normalise(q.object.value)
                if passages and name in passage:
                    continue
                for record in file_records:
                    key = _row_key(q.subject.value, record)
                    sought.setdefault(record, {}).setdefault(key, set()).add(name)
                candidates.append((graph, q, name, passages, file_records))
    found = {record: _find(record, names) for record, names in sorted(sought.items())}
    for graph, q, name, passages, file_records in candidates:
        keys = {r: _row_key(q.subject.value, r) for r in file_records}
        if any(found[r] is None or (keys[r], name) in found[r] for r in file_records):
            continue  # the file (the row) holds it, or the file is gone: not checkable, said below
        if passages or not any(keys.values()):
            why = "the name is not in the cited passage" if passages else "the name is not in the cited file"
        else:
            why = "the name is not in " + " or ".join(
                f"{_row_name(keys[r], _file_name(r))} of {_file_name(r)}" if keys[r] else _file_name(r)
                for r in file_records)
        report.findings.append(Finding("name", graph, q.subject.value, q.predicate.value, _term(q.object),
                                       " ".join(passages), why))
    for record, names in found.items():
        if names is None:
            report.notes.append(f"{record} is not readable here: the names cited to it are not checked")

    # triples in no named graph at all
    for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if not any(not isinstance(o.graph_name, ox.DefaultGraph)
                   for o in store.quads_for_pattern(q.subject, q.predicate, q.object, None)):
            report.findings.append(Finding("unsourced", None, _term(q.subject), q.predicate.value, _term(q.object),
                                           "", "in no named graph: derived from nothing"))

    # ---------------------------------------------------------------- background knowledge
    cited = set()
    for q in _stated(store, nn(DCT_NS + "source")):
        cited.add(q.subject.value)
        if isinstance(q.object, ox.NamedNode) and _home_page(q.object.value):
            report.findings.append(Finding("home page", q.graph_name.value if isinstance(q.graph_name, ox.NamedNode)
                                           else None, q.subject.value, q.predicate.value, q.object.value, "",
                                           "cites a site's home page, not the record of this concept"))
    placed = sorted({(q.subject.value, q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None)
                     for q in _stated(store, nn(SKOS_NS + "broader"))},
                    key=lambda pair: (pair[0], pair[1] or ""))
    for concept, graph in placed:
        if concept not in cited and (graph is None or graph.startswith(GRAPH_ONTOLOGY)):
            broader = sorted(q.object.value for q in store.quads_for_pattern(nn(concept), nn(SKOS_NS + "broader"), None, None))
            report.findings.append(Finding("uncited", graph, concept, SKOS_NS + "broader", " ".join(broader), "",
                                           "placed in the hierarchy without a source (dct:source)"))

    # ---------------------------------------------------------------- confirmations
    cited_by = {graph: {source_of.get(s) for s in sources if s in texts} for graph, sources in derivations.items()}
    for q in _stated(store, nn(DG_NS + "confirmedBy")):
        claim, confirmation = q.subject.value, q.object.value
        report.findings.extend(confirmation_findings(store, claim, confirmation, cited_by))

    # ---------------------------------------------------------------- coverage of the article
    if article_text is not None:
        article_quotes = [normalise(t) for q, t in texts.items() if source_of.get(q) == ARTICLE]
        all_sentences = sentences(article_text)
        report.sentences = len(all_sentences)
        for s in all_sentences:
            n = normalise(s)
            if any(n in quote or quote in n for quote in article_quotes):
                report.cited += 1
            else:
                report.uncited.append(s)
    return report


def _stated(store, predicate):
    """The quads of ``predicate``, each triple once: in the named graphs that state it, or in the default
    graph when no named graph does (a graph whose default graph is the union holds each triple twice)."""
    import pyoxigraph as ox

    named = {(q.subject, q.object) for q in store.quads_for_pattern(None, predicate, None, None)
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    for q in store.quads_for_pattern(None, predicate, None, None):
        if not isinstance(q.graph_name, ox.DefaultGraph) or (q.subject, q.object) not in named:
            yield q


def _record(iri: str) -> bool:
    """A derivation target that names a record: a file, or an address with a path beyond the site."""
    parts = urlsplit(iri)
    return parts.scheme == "file" or (parts.scheme in ("http", "https") and not _home_page(iri))


def _file_name(file_iri: str) -> str:
    return Path(unquote(urlsplit(file_iri).path)).name


def _row_key(subject: str, file_iri: str) -> tuple | None:
    """The key of ``subject``'s row(s) in a file: ``(tconst,)`` or ``(nconst,)`` for an IMDb title or
    person, ``(tconst, ordering)`` for an IMDb role, when the file is tab-separated (``.tsv``,
    ``.tsv.gz``); None (the whole file) otherwise.

    >>> f = "file:///d/title.principals.tsv.gz"
    >>> _row_key(IMDB + "tt01", f), _row_key(IMDB + "role/tt01-2-1", f), _row_key(IMDB + "nm7", "file:///a.ttl")
    (('tt01',), ('tt01', '2'), None)
    """
    if not subject.startswith(IMDB) or not _file_name(file_iri).endswith((".tsv", ".tsv.gz")):
        return None
    m = _IMDB_KEY.fullmatch(subject[len(IMDB):])
    return None if m is None else (m[1],) if m[1] else (m[2], m[3])


def _row_name(key: tuple, file: str) -> str:
    """How a finding names a node's row(s), as a node's page does: ``the row of tt…, ordering N`` (a
    role), ``the row of ID`` (title.basics, name.basics: one row an id), ``the rows of ID`` (others)."""
    if len(key) == 2:
        return f"the row of {key[0]}, ordering {key[1]}"
    return f"the row of {key[0]}" if file.startswith(("title.basics", "name.basics")) else f"the rows of {key[0]}"


def _find(file_iri: str, sought: dict) -> set | None:
    """Which names of ``sought`` (row key, or None for anywhere → normalised names) a file a graph is
    derived from holds, as ``(key, name)`` pairs: a name as a field (tab-separated values) or a string
    (of its RDF or JSON, escapes read) of a line; for a key ``(id,)`` only on the lines whose first field
    is that id, for ``(id, ordering)`` only on the line whose first two fields are those. Read line by line,
    once; None when the file cannot be read here."""
    import gzip
    import json

    path = Path(unquote(urlsplit(file_iri).path))
    anywhere = sought.get(None, set())
    heads = {key[0] for key in sought if key}
    found = set()
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
            for line in lines:
                line = line.rstrip("\r\n")
                head = line.partition("\t")[0]
                if head not in heads and not anywhere:
                    continue  # the row of no node sought: not even split (most rows of an IMDb file)
                values = line.split("\t")
                for literal in _LITERAL.findall(line):
                    try:
                        values.append(json.loads(f'"{literal}"'))
                    except ValueError:
                        values.append(literal)
                values = [normalise(v) for v in values]
                if head in heads:
                    for key in ((head,), (head, *line.split("\t", 2)[1:2])):
                        names = sought.get(key)
                        if names:
                            found.update((key, n) for n in values if n in names)
                if anywhere:
                    found.update((None, n) for n in values if n in anywhere)
    except (OSError, EOFError):
        return None
    return found
