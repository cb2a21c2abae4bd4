"""Plain words for RDF terms on the fan pages (issue 30): "year" for ``schema:datePublished``, "based on"
for ``schema:isBasedOn``, "film" for ``schema:Movie``, "Japanese" for ``@ja``.

A term of dramagraph's own vocabulary is named by its ``rdfs:label`` in ``ontology/dramagraph.ttl``; a
standard term by the table of ``ontology/labels.json`` (data, documented in that file); any other by its
local name split into words. Read by :mod:`graph.network.expand` (``/explore``'s panel) and
:mod:`graph.web.nodepage` (``/node``), so that both pages say the same.

>>> term_label("https://schema.org/datePublished"), term_label("https://w3id.org/dramagraph/ontology#versionOf")
('year', 'version of')
>>> term_label("https://example.org/vocab#numberOfSeasons"), language_label("ja-Latn")
('number of seasons', 'Japanese in Latin letters')
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .iris import PREFIXES, RDFS_NS
from .resources import ontology_dir

__all__ = ["term_label", "language_label"]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    import pyoxigraph as ox

    data = json.loads((ontology_dir() / "labels.json").read_text(encoding="utf-8"))
    terms = {}
    for short, words in data["terms"].items():
        prefix, _, local = short.partition(":")
        terms[PREFIXES[prefix] + local] = words
    with open(ontology_dir() / "dramagraph.ttl", "rb") as f:  # the own vocabulary's rdfs:label (English)
        for t in ox.parse(f, format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/dramagraph/"):
            if t.predicate.value == RDFS_NS + "label" and isinstance(t.subject, ox.NamedNode) and \
                    getattr(t.object, "language", None) in ("en", None):
                terms[t.subject.value] = t.object.value
    return terms, {k.lower(): v for k, v in data["languages"].items()}


def term_label(iri: str) -> str:
    """The plain words for a property or class IRI."""
    terms, _ = _tables()
    if iri in terms:
        return terms[iri]
    local = re.split(r"[#/:]", iri.rstrip("/#"))[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).replace("_", " ").replace("-", " ")
    return words.lower() if words and not words.isupper() else (words or iri)


def language_label(tag: str) -> str:
    """The plain words for a language tag (``ja`` → Japanese); an unknown tag as it is."""
    _, languages = _tables()
    tag = tag.lower()
    return languages.get(tag) or languages.get(tag.split("-")[0], tag) + ("" if "-" not in tag else f" ({tag})")
