"""Step 3 (validate): confirmations -- a claim stated again by a second source (``dg:confirmedBy``).

Where it sits: beside :mod:`graph.sources.audit`, which calls :func:`confirmation_findings` for each
confirmation (its findings of kind ``confirmation``); read by ``api`` (:func:`second_sources`, the command
``dramagraph audit --confirmations``).
"""

from __future__ import annotations

import re

from ..rdf.iris import ARTICLE, DG_NS, PROV_NS, SCHEMA_NS
from .audit import Finding, _skipped, _term, sentences

__all__ = ["confirmation_findings", "second_sources"]


def confirmation_findings(store, claim: str, confirmation: str, cited_by: dict) -> list[Finding]:
    """What is wrong with ``confirmation`` as a confirmation of ``claim``: a triple of the claim it does not
    hold, a triple it holds that the claim does not, and a source that is the claim's own."""
    import pyoxigraph as ox

    def triples(graph):
        return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}

    said, confirmed = triples(claim), triples(confirmation)
    found = []
    for s, p, o in sorted(said - confirmed, key=str):
        found.append(Finding("confirmation", confirmation, _term(s), p.value, _term(o), "",
                             f"a triple of the claim it confirms (<{claim}>) is not in it"))
    for s, p, o in sorted(confirmed - said, key=str):
        found.append(Finding("confirmation", confirmation, _term(s), p.value, _term(o), "",
                             f"not a triple of the claim it confirms (<{claim}>)"))
    same = sorted(cited_by.get(confirmation, set()) & cited_by.get(claim, set()) - {None})
    if same:
        found.append(Finding("confirmation", confirmation, claim, DG_NS + "confirmedBy", f"<{confirmation}>", "",
                             f"quoted from the source the claim cites ({', '.join(same)}): not a second source"))
    return found


def second_sources(store, article_text: str | None) -> list[dict]:
    """For each entry of the article: ``entry`` (its number), ``title`` (its heading in ``article_text``,
    None when the text is not at hand), ``facts`` (the graphs derived from a quotation of that entry),
    ``confirmed`` (those a second source confirms, ``dg:confirmedBy``), ``corrected`` (``dg:correctedBy``)
    and ``secondSource`` (either). A graph derived from quotations of two entries counts in both."""
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

    def having(term):
        return {q.subject.value for q in store.quads_for_pattern(None, nn(DG_NS + term), None, None)}

    confirmed, corrected = having("confirmedBy"), having("correctedBy")
    titles = {}
    for sentence in sentences(article_text or ""):
        m = re.fullmatch(r"([0-9]+)\.\s+(.+)", sentence)
        if m and int(m[1]) in facts:
            titles.setdefault(int(m[1]), m[2])
    return [{"entry": entry, "title": titles.get(entry), "facts": len(graphs), "confirmed": len(graphs & confirmed),
             "corrected": len(graphs & corrected), "secondSource": len(graphs & (confirmed | corrected))}
            for entry, graphs in sorted(facts.items())]
