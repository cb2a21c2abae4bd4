"""Step 4 (query): the facts about one node and where each came from (``dramagraph provenance``).

Where it sits: above ``querying`` and ``names``, which it uses; read by ``api``.
"""

from __future__ import annotations

import pyoxigraph as ox

from .engine import run_sparql
from .errors import NotFoundError
from .iris import shorten
from .names import Named, resolve
from .querying import run_named

__all__ = ["facts_of"]


def facts_of(kg, thing: str | Named, property: str | None = None) -> tuple[Named, list[dict]]:
    """The node ``thing`` names and every fact with it as subject, with where it came from.

    Each row: ``property``, ``value``, ``graph`` (the named graph asserting it), ``quote`` (the
    source's words), ``source``, ``entry`` (the article's entry number), ``derivedFrom``. A fact that
    no named graph holds (a store's default graph, loaded from files that name no graph) has
    ``graph`` None. ``property`` keeps the facts of one property (``datePublished``,
    ``schema:datePublished`` or the full IRI); a property the node has no fact of raises
    :class:`~graph.errors.NotFoundError` naming the properties it has.

    >>> from graph.store import open_graph
    >>> kg = open_graph(data_dir=False)
    >>> node, rows = facts_of(kg, "Sky of Love")
    >>> node.label, [r["entry"] for r in rows if r["property"].endswith("datePublished")]
    ('Koizora', [6])
    >>> facts_of(kg, "Sky of Love", property="foo")
    Traceback (most recent call last):
    ...
    graph.errors.NotFoundError: Koizora has no fact with the property 'foo'; its properties: rdf:type, schema:about, schema:actor, schema:alternateName, schema:character, schema:datePublished, schema:isBasedOn, schema:name
    """
    node = resolve(kg, thing)
    rows = run_named(kg, "provenance", {"thing": node.iri}).rows
    held = {(r["property"], _key(r["value"])) for r in rows}
    facts = run_sparql(kg, "SELECT ?property ?value WHERE { ?thing ?property ?value }",
                       {"thing": ox.NamedNode(node.iri)}, vocabulary=True).rows
    for fact in sorted(facts, key=lambda f: (f["property"], _key(f["value"]))):
        if (fact["property"], _key(fact["value"])) not in held:  # only in the default graph
            rows.append({"thing": node.iri, "property": fact["property"], "value": fact["value"], "graph": None})
    if property is None:
        return node, rows

    def matches(iri: str) -> bool:
        return property in (iri, shorten(iri)) or iri.endswith(("/" + property, "#" + property))

    kept = [r for r in rows if matches(r["property"])]
    if not kept and rows:
        names = sorted({shorten(r["property"]) for r in rows}, key=lambda p: (p.split(":")[0] != "rdf",
                                                                              p.startswith("dg:"), p))
        raise NotFoundError(f"{node.label} has no fact with the property {property!r}; its properties: "
                            f"{', '.join(names)}")
    return node, kept


def _key(value):
    return value if isinstance(value, str) else repr(value)
