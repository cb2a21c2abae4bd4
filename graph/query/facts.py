"""Step 4 (query): the facts about one node and where each came from (``dramagraph provenance``).

Where it sits: above ``querying`` and ``names``, which it uses; read by ``api``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pyoxigraph as ox

from .engine import run_sparql
from ..errors import NotFoundError
from ..rdf.iris import ARTICLE, shorten
from .names import Named, resolve
from .querying import run_named

__all__ = ["facts_of", "disputes", "dispute_text", "confirmations", "confirmation_text", "display_labels", "vocabulary_label"]


def facts_of(kg, thing: str | Named, property: str | None = None) -> tuple[Named, list[dict]]:
    """The node ``thing`` names and every fact with it as subject, with where it came from.

    Each row: ``property``, ``value``, ``graph`` (the named graph asserting it), ``quote`` (the
    source's words), ``source``, ``entry`` (the article's entry number), ``derivedFrom``; a fact of a
    claim that another source contradicts has ``disputed``: the claim and its corrections, as
    :func:`disputes` gives them; a fact a second source confirms has ``confirmed``: the
    confirmations of its claim that hold it too, as :func:`confirmations` gives them. A fact that
    no named graph holds (a store's default graph, loaded from files that name no graph) has
    ``graph`` None. ``property`` keeps the facts of one property (``datePublished``,
    ``schema:datePublished`` or the full IRI); a property the node has no fact of raises
    :class:`~graph.errors.NotFoundError` naming the properties it has.

    >>> from graph.store.opening import open_graph
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
    disputed = {(d["claim"], d["property"], _key(d["claimed"])): d for d in disputes(kg, node.iri).get(node.iri, [])}
    confirmed = confirmations(kg, node.iri)
    stated = {(r["graph"], r["property"], _key(r["value"])) for r in run_sparql(
        kg, "SELECT ?graph ?property ?value WHERE { ?_claim dg:confirmedBy ?graph . GRAPH ?graph { ?thing ?property ?value } }",
        {"thing": ox.NamedNode(node.iri)}, vocabulary=True).rows} if confirmed else set()
    for row in rows:
        fact = (row["graph"], row["property"], _key(row["value"]))
        if fact in disputed:
            row["disputed"] = disputed[fact]
        held_by = [c for c in confirmed.get(row["graph"], ()) if (c["graph"], row["property"], _key(row["value"])) in stated]
        if held_by:  # a confirmation may hold only some of its claim's triples: only those are confirmed
            row["confirmed"] = held_by
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


def disputes(kg, iri: str | None = None) -> dict[str, list[dict]]:
    """The claims about ``iri`` (every node when None) that another source contradicts (``dg:correctedBy``,
    query ``disputed``), by node: one dict per claimed fact, with ``claim`` (its graph), ``property``,
    ``claimed`` (the value), ``says`` (who says it: "the article", or the site of the page), ``quote``, and
    ``corrections``: each with ``graph``, ``value`` (the corrected value, None when the correction
    states no value of that property), ``says``, ``source`` (the page), ``read`` (the day its words were
    read) and ``quote``. Values that are nodes are given by their display names."""
    from .names import label_of

    def shown(value):
        return label_of(kg, value) if isinstance(value, str) and value.startswith(("http://", "https://")) else value

    def says(source):
        """Who says it: the article, or the site a page is on (None when the claim cites no quotation)."""
        return "the article" if source == ARTICLE else (urlsplit(source).netloc or source if source else None)

    found: dict[tuple, dict] = {}
    for row in run_named(kg, "disputed", {"thing": iri} if iri else {}).rows:
        key = (row["thing"], row["claim"], row["property"], _key(row["claimed"]))
        claim = found.setdefault(key, {"node": row["thing"], "claim": row["claim"], "property": row["property"],
                                       "claimed": row["claimed"], "claimedShown": shown(row["claimed"]),
                                       "says": says(row.get("claimSource")), "quote": row.get("claimQuote"),
                                       "corrections": []})
        correction = {"graph": row["correction"], "value": row.get("corrected"),
                      "shown": shown(row.get("corrected")), "says": says(row.get("correctionSource")),
                      "source": row.get("correctionSource"), "read": row.get("read"),
                      "quote": row.get("correctionQuote")}
        if correction not in claim["corrections"]:
            claim["corrections"].append(correction)
    by_node: dict[str, list[dict]] = {}
    for claim in found.values():
        by_node.setdefault(claim["node"], []).append(claim)
    return by_node


def _says(source: str | None) -> str | None:
    """Who says it: the article, or the site a page is on (None when the claim cites no quotation)."""
    return "the article" if source == ARTICLE else (urlsplit(source).netloc or source if source else None)


def confirmations(kg, iri: str | None = None) -> dict[str, list[dict]]:
    """The claims about ``iri`` (every node when None) that a second source confirms (``dg:confirmedBy``,
    query ``confirmations``), by claim (its graph): one dict per confirmation, with ``graph`` (the
    confirming graph), ``entry`` (the claim's entry of the article), ``source`` (the page), ``says`` (its
    site), ``pageName``, ``read`` (the day its words were read) and ``quote``."""
    found: dict[str, list[dict]] = {}
    for row in run_named(kg, "confirmations", {"thing": iri} if iri else {}).rows:
        confirmation = {"graph": row["confirmation"], "entry": row.get("claimEntry"), "source": row.get("page"),
                        "says": _says(row.get("page")), "pageName": row.get("pageName"), "read": row.get("read"),
                        "quote": row.get("quote")}
        if confirmation not in found.setdefault(row["claim"], []):
            found[row["claim"]].append(confirmation)
    return found


def confirmation_text(confirmations: list[dict]) -> str:
    """One line of a confirmed claim's confirmations: 'confirmed by example.org <https://example.org/p>, read 2026-12-07'.

    >>> confirmation_text([{"says": "a.org", "source": "https://a.org/p", "read": "2026-12-07"},
    ...                    {"says": "b.org", "source": "https://b.org/q", "read": None}])
    'confirmed by a.org <https://a.org/p>, read 2026-12-07; b.org <https://b.org/q>'
    """
    return "confirmed by " + "; ".join(f"{c['says']} <{c['source']}>" + (f", read {c['read']}" if c.get("read") else "")
                                       for c in confirmations)


def dispute_text(dispute: dict) -> str:
    """One line of a disputed claim: 'the article says "Tori Matsutaka"; mainichikirei.jp says "松坂桃李"'.

    >>> dispute_text({"says": "the article", "claimedShown": "A", "corrections": [
    ...     {"says": "Some page", "shown": "B"}, {"says": "Other page", "shown": None}]})
    'the article says "A"; Some page says "B"; Other page says otherwise'
    """
    parts = [f'{dispute["says"]} says "{dispute["claimedShown"]}"']
    for c in dispute["corrections"]:
        parts.append(f'{c["says"]} says "{c["shown"]}"' if c.get("shown") is not None else f'{c["says"]} says otherwise')
    return "; ".join(parts)


def _labels_query(kg, text: str):
    from ..rdf.iris import PREFIXES

    return kg.store.query(text, prefixes=PREFIXES, **kg.dataset(True))


def _values(terms) -> str:
    return " ".join(str(t) for t in terms)


def display_labels(kg, iris) -> dict[str, str]:
    """The display name of each IRI that has one: a named node's by the project's one rule
    (:func:`graph.query.names.labels_of`: a corrected name before the claim it corrects); a role
    "ACTOR as CHARACTER"; a term of a vocabulary without a name its plain words
    (:func:`graph.rdf.labels.term_label`: "film" for ``schema:Movie``). The one namer of ``/explore``'s
    panel and of the node pages."""
    from .names import labels_of

    iris = sorted({i for i in iris if i})
    if not iris:
        return {}
    labels = {node: label for node, label in labels_of(kg, iris).items() if label != node}
    roles = list(_labels_query(kg, f"SELECT ?node ?actor ?character WHERE {{ VALUES ?node {{ {_values(ox.NamedNode(i) for i in iris)} }} "
                               f"?node a schema:PerformanceRole . OPTIONAL {{ ?node schema:actor ?actor }} "
                               f"OPTIONAL {{ ?node schema:characterName ?character }} }}"))
    actors = labels_of(kg, {row["actor"].value for row in roles if row["actor"] is not None})
    for row in sorted(roles, key=lambda r: (actors.get(r["actor"].value, "") if r["actor"] is not None else "",
                                            r["character"].value if r["character"] is not None else "")):
        node = row["node"].value
        if node not in labels:
            actor = actors.get(row["actor"].value) if row["actor"] is not None else None
            character = row["character"].value if row["character"] is not None else None
            labels[node] = " as ".join(t for t in (actor, character) if t) or "a role"
    for iri in iris:
        if iri not in labels and (words := vocabulary_label(iri)) is not None:
            labels[iri] = words
    return labels


def vocabulary_label(iri: str) -> str | None:
    """The plain words for a term of a standard vocabulary or of dramagraph's own (``schema:Movie``: film), else None."""
    from ..rdf.iris import DG_NS, PREFIXES
    from ..rdf.labels import term_label

    spaces = [PREFIXES[p] for p in ("schema", "skos", "prov", "rdf", "rdfs", "owl", "xsd", "dct")] + [DG_NS]
    return term_label(iri) if any(iri.startswith(ns) for ns in spaces) else None
