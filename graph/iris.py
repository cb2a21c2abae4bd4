"""IRIs and prefixes of dramagraph, without importing rdflib (kept light for the CLI's start).

>>> iri("person", "Ryō Nishikido")
'https://w3id.org/dramagraph/person/ryo-nishikido'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BASE", "PREFIXES", "slugify", "iri", "shorten", "expand", "GRAPH_PROVENANCE", "GRAPH_INFERRED", "ARTICLE"]

BASE = "https://w3id.org/dramagraph/"
GRAPH_PROVENANCE = BASE + "graph/provenance"
GRAPH_INFERRED = BASE + "graph/inferred"
ARTICLE = BASE + "source/article"

PREFIXES = {
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "dg": "https://w3id.org/dramagraph/ontology#",
    "title": BASE + "title/",
    "work": BASE + "work/",
    "person": BASE + "person/",
    "character": BASE + "character/",
    "role": BASE + "role/",
    "concept": BASE + "concept/",
    "scheme": BASE + "scheme/",
    "g": BASE + "graph/",
    "quote": BASE + "source/article/quote/",
    "source": BASE + "source/",
}


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
