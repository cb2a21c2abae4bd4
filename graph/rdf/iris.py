"""IRIs and prefixes of dramagraph, each written once here, without importing rdflib (kept light for the
CLI's start). Every step of the data flow (ontology + facts → store → validate → query → network →
viz/serve) names its graphs and vocabulary terms from here (or from :mod:`graph.rdf.namespace`, the same IRIs as
rdflib terms).

>>> iri("person", "Ryō Nishikido")
'https://w3id.org/dramagraph/person/ryo-nishikido'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BASE", "PREFIXES", "slugify", "iri", "shorten", "expand", "GRAPH_PROVENANCE", "GRAPH_INFERRED", "ARTICLE",
           "GRAPH_ONTOLOGY", "GRAPH_ARTICLE", "GRAPH_CORRECTION", "GRAPH_CONFIRMATION", "GRAPH_USER", "GRAPH_IMPORT", "GRAPH_LINKS", "IMDB", "WIKIDATA",
           "WD_ENTITY", "source_of", "representative_rank", "representatives",
           "SCHEMA_NS", "SKOS_NS", "PROV_NS", "RDF_NS", "RDFS_NS", "OWL_NS", "XSD_NS", "DCT_NS", "DG_NS", "SH_NS",
           "RDF_TYPE", "RDFS_COMMENT", "XSD_STRING", "XSD_DATETIME"]

BASE = "https://w3id.org/dramagraph/"
GRAPH_PROVENANCE = BASE + "graph/provenance"
GRAPH_INFERRED = BASE + "graph/inferred"
GRAPH_ONTOLOGY = BASE + "graph/ontology/"  # + the stem of each vocabulary file of ontology/
GRAPH_ARTICLE = BASE + "graph/article"
GRAPH_CORRECTION = BASE + "graph/correction/"  # + a name: a correction of the article from another source
GRAPH_CONFIRMATION = BASE + "graph/confirmation/"  # + a name: a confirmation of the article from another source
GRAPH_USER = BASE + "graph/user/"  # + the name of each file added with ``dramagraph add``
GRAPH_IMPORT = BASE + "graph/import/"  # + imdb (its provenance), imdb/FILE (one per file read), wikidata/NAME...
GRAPH_LINKS = BASE + "graph/links"  # the matches `dramagraph link` found between sources (owl:sameAs)
ARTICLE = BASE + "source/article"
IMDB = BASE + "imdb/"  # + tt… (titles), nm… (people), role/tt…-ORDERING[-K] (roles): nodes read from IMDb's files
WIKIDATA = BASE + "wikidata/"  # + Q… (items), role/…: nodes read from a saved Wikidata file
WD_ENTITY = "http://www.wikidata.org/entity/"

# the vocabularies' namespaces (graph.rdf.namespace has them as rdflib namespaces)
SCHEMA_NS = "https://schema.org/"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
DCT_NS = "http://purl.org/dc/terms/"
DG_NS = BASE + "ontology#"
SH_NS = "http://www.w3.org/ns/shacl#"

RDF_TYPE = RDF_NS + "type"
RDFS_COMMENT = RDFS_NS + "comment"
XSD_STRING = XSD_NS + "string"
XSD_DATETIME = XSD_NS + "dateTime"

PREFIXES = {
    "schema": SCHEMA_NS,
    "skos": SKOS_NS,
    "prov": PROV_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "owl": OWL_NS,
    "xsd": XSD_NS,
    "dct": DCT_NS,
    "dg": DG_NS,
    "title": BASE + "title/",
    "work": BASE + "work/",
    "person": BASE + "person/",
    "character": BASE + "character/",
    "role": BASE + "role/",
    "concept": BASE + "concept/",
    "scheme": BASE + "scheme/",
    "g": BASE + "graph/",
    "quote": BASE + "source/article/quote/",
    "imdb": IMDB,
    "wikidata": WIKIDATA,
    "wd": WD_ENTITY,
    "source": BASE + "source/",
}


def source_of(graph: str) -> str:
    """Which source a named graph belongs to: ``article``, ``corrections``, ``confirmations``, ``user/NAME``, ``import/imdb``,
    ``import/wikidata/NAME``, ``links``, ``ontology``, ``provenance``, ``inferred``, or ``file`` (a file
    given for one command, or any other graph).

    >>> source_of(BASE + "graph/koizora-film"), source_of(GRAPH_IMPORT + "imdb/title.basics")
    ('article', 'import/imdb')
    >>> source_of(GRAPH_IMPORT + "wikidata/koizora"), source_of(GRAPH_USER + "my-drama")
    ('import/wikidata/koizora', 'user/my-drama')
    """
    if graph.startswith(GRAPH_IMPORT):
        parts = graph[len(GRAPH_IMPORT):].split("/")
        return "import/" + "/".join(parts[:2] if parts[0] == "wikidata" else parts[:1])
    if graph.startswith(GRAPH_USER):
        return "user/" + graph[len(GRAPH_USER):]
    if graph.startswith(GRAPH_CORRECTION):
        return "corrections"
    if graph.startswith(GRAPH_CONFIRMATION):
        return "confirmations"
    for name, iri_ in (("links", GRAPH_LINKS), ("provenance", GRAPH_PROVENANCE), ("inferred", GRAPH_INFERRED)):
        if graph == iri_:
            return name
    if graph.startswith(GRAPH_ONTOLOGY):
        return "ontology"
    if graph.startswith(BASE + "graph/"):
        return "article"
    return "file"


def slugify(name: str) -> str:
    """A readable IRI segment: accents dropped, lower case, words joined by '-'.

    >>> slugify("Crying Out Love, in the Center of the World")
    'crying-out-love-in-the-center-of-the-world'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "unnamed"


def iri(kind: str, name: str) -> str:
    """The IRI of a thing of ``kind`` (title, person, work, character, concept) named ``name``."""
    return f"{BASE}{kind}/{slugify(name)}"


def shorten(value: str) -> str:
    """``prefix:local`` for an IRI under a known prefix, else the IRI in angle brackets.

    >>> shorten("https://w3id.org/dramagraph/title/koizora")
    'title:koizora'
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if value.startswith(namespace) and re.fullmatch(r"[\w.-]*", value[len(namespace):]):
            return f"{prefix}:{value[len(namespace):]}"
    return f"<{value}>"


def expand(value: str) -> str | None:
    """The IRI of ``prefix:local`` or ``<iri>`` (or a bare http(s) IRI); None if ``value`` is neither."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if re.match(r"https?://", value):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[\w.-]+", local):
        return PREFIXES[prefix] + local
    return None


def representative_rank(iri: str) -> tuple[int, str]:
    """The order in which the nodes of a linked group (``owl:sameAs``) stand for it: the article's (and
    any other ``https://w3id.org/dramagraph/`` node) first, then the user's own, then Wikidata's, then
    IMDb's, the first in IRI order among equals. The one rule that :func:`representatives` (what
    ``dramagraph link`` writes as ``dg:representedBy``) and :mod:`graph.query.sameas` share."""
    if iri.startswith(IMDB):
        return 3, iri
    if iri.startswith(WIKIDATA):
        return 2, iri
    if iri.startswith(BASE):
        return 0, iri
    return 1, iri


def representatives(pairs) -> dict[str, tuple[str, ...]]:
    """node -> its group (the representative first, then the others by :func:`representative_rank`),
    for the nodes of ``pairs`` (IRIs linked as the same, taken as symmetric and transitive)."""
    parent: dict[str, str] = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        a, b = find(a), find(b)
        if a != b:
            parent[max(a, b, key=representative_rank)] = min(a, b, key=representative_rank)
    members: dict[str, list[str]] = {}
    for node in parent:
        members.setdefault(find(node), []).append(node)
    found = {}
    for root, nodes in members.items():
        ordered = tuple(sorted(set(nodes) | {root}, key=representative_rank))
        for node in ordered:
            found[node] = ordered
    return found
