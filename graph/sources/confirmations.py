"""Step 3 (validate): confirmations -- a claim stated again by a second source (``dg:confirmedBy``).

Where it sits: after :mod:`graph.sources.audit`, whose :func:`~graph.sources.audit.confirmation_findings` checks each
confirmation (its findings of kind ``confirmation``); read by ``api`` (:func:`second_sources`, the command
``dramagraph audit --confirmations``).
"""

from __future__ import annotations

import re

from ..rdf.iris import ARTICLE, DG_NS, PROV_NS, SCHEMA_NS
from .audit import _skipped, _term, sentences

__all__ = ["second_sources"]


NAMES = frozenset(SCHEMA_NS + n for n in ("name", "alternateName", "characterName"))
CONDITIONS = "https://w3id.org/dramagraph/scheme/conditions"


def second_sources(store, article_text: str | None) -> list[dict]:
    """For each entry of the article, its facts counted one statement (triple) at a time: ``entry`` (its
    number), ``title`` (its heading in ``article_text``, None when the text is not at hand), ``facts`` (the
    distinct triples of the graphs derived from a quotation of that entry), ``confirmed`` (those a graph that
    confirms theirs holds too, ``dg:confirmedBy``), ``corrected`` (those of a graph another source corrects,
    ``dg:correctedBy``), ``secondSource`` (either); ``names`` and ``namesWithSecondSource``, the same for the
    names of people, characters and roles (``schema:name``, ``alternateName``, ``characterName``) and the illnesses (``schema:about`` a concept
    of the conditions scheme); and ``withoutSecondSource``, those names and illnesses that have none, each as
    ``graph``, ``subject``, ``predicate``, ``object`` (N-Triples terms). A graph derived from quotations of two
    entries counts in both."""
    import pyoxigraph as ox

    nn = ox.NamedNode
    entry_of: dict[str, int] = {}  # a quotation of the article -> its entry
    for q in store.quads_for_pattern(None, nn(SCHEMA_NS + "position"), None, None):
        if isinstance(q.object, ox.Literal) and any(store.quads_for_pattern(q.subject, nn(PROV_NS + "wasQuotedFrom"),
                                                                           nn(ARTICLE), None)):
            entry_of[q.subject.value] = int(q.object.value)
    facts: dict[int, set[str]] = {}
    for q in store.quads_for_pattern(None, nn(PROV_NS + "wasDerivedFrom"), None, None):
        if q.object.value in entry_of and not _skipped(q.subject.value):
            facts.setdefault(entry_of[q.object.value], set()).add(q.subject.value)

    def triples(graph):
        return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, nn(graph))}

    confirming: dict[str, set] = {}  # a claim -> the triples its confirmations hold
    for q in store.quads_for_pattern(None, nn(DG_NS + "confirmedBy"), None, None):
        confirming.setdefault(q.subject.value, set()).update(triples(q.object.value))
    corrected = {q.subject.value for q in store.quads_for_pattern(None, nn(DG_NS + "correctedBy"), None, None)}
    conditions = {q.subject for q in store.quads_for_pattern(None, nn("http://www.w3.org/2004/02/skos/core#inScheme"),
                                                             nn(CONDITIONS), None)}
    rdf_type = nn("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    people = {q.subject for kind in (SCHEMA_NS + "Person", DG_NS + "Character", SCHEMA_NS + "PerformanceRole")
              for q in store.quads_for_pattern(None, rdf_type, nn(kind), None)}

    def named(s, p, o):  # a person's, a character's or a role's name, or an illness
        return (p.value in NAMES and s in people) or (p.value == SCHEMA_NS + "about" and o in conditions)

    titles = {}
    for sentence in sentences(article_text or ""):
        m = re.fullmatch(r"([0-9]+)\.\s+(.+)", sentence)
        if m and int(m[1]) in facts:
            titles.setdefault(int(m[1]), m[2])
    answer = []
    for entry, graphs in sorted(facts.items()):
        said: dict[tuple, str] = {}  # a triple -> the first graph (by IRI) that says it
        ok_confirmed, ok_corrected = set(), set()
        for graph in sorted(graphs):
            for t in sorted(triples(graph), key=str):
                said.setdefault(t, graph)
                if t in confirming.get(graph, ()):
                    ok_confirmed.add(t)
                if graph in corrected:
                    ok_corrected.add(t)
        second = ok_confirmed | ok_corrected
        names = {t for t in said if named(*t)}
        answer.append({
            "entry": entry, "title": titles.get(entry), "facts": len(said), "confirmed": len(ok_confirmed),
            "corrected": len(ok_corrected), "secondSource": len(second), "names": len(names),
            "namesWithSecondSource": len(names & second),
            "withoutSecondSource": [{"graph": said[t], "subject": _term(t[0]), "predicate": t[1].value,
                                     "object": _term(t[2])} for t in sorted(names - second, key=lambda t: (said[t], str(t)))]})
    return answer
