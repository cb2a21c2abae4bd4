"""The named queries: the ``.rq`` files of ``queries/`` and their headers (the step "query" reads its
questions from here). A file ``queries/NAME.rq`` opens with comments that describe it::

    # title: Cast of a title
    # description: Everyone in the cast of one title, with the character they play.
    # param: title kind=title required example="Sky of Love" doc="the title, by any of its names"

A query that dramagraph itself reads (the network views, name resolution) says so with
``# audience: internal``: it stays in the catalogue and in ``/queries``, but the explorer's gallery of
examples shows only those meant for people (``audience`` "people", the default).

>>> get("cast").params[0].kind, get("cast").audience, get("kinds").audience
('title', 'people', 'internal')

A claim that another source corrects is never shown as a fact, by one rule, :data:`DISPUTED_RULE`: a query
writes ``DISPUTED(?s, schema:isBasedOn, ?o)`` where it needs to know whether a triple is such a claim, and
the loader expands it (:func:`expand_rules`) to the SPARQL that decides it. So every named query (and the
pages, which read them, and :func:`graph.query.facts.disputes`) tells a disputed claim by the same words.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..errors import NotFoundError, UsageError
from ..rdf.resources import queries_dir

__all__ = ["PARAM_KINDS", "AUDIENCES", "DISPUTED_RULE", "Param", "NamedQuery", "catalog", "get", "expand_rules"]


PARAM_KINDS = ("title", "person", "character", "work", "concept", "thing", "string", "integer")
AUDIENCES = ("people", "internal")  # who reads a named query's answers

# The one rule of a disputed claim: a triple is disputed when a graph that another source corrects
# (dg:correctedBy) states it and no graph that nobody corrects states it too. ``g:union`` is where `push`
# keeps the union on Virtuoso (graph.query.endpoint.UNION_GRAPH), not a source of its own.
DISPUTED_RULE = ("(EXISTS {{ ?_dc{n} dg:correctedBy [] . GRAPH ?_dc{n} {{ {s} {p} {o} }} }}"
                 " && NOT EXISTS {{ GRAPH ?_dk{n} {{ {s} {p} {o} }} FILTER(?_dk{n} != g:union)"
                 " FILTER NOT EXISTS {{ ?_dk{n} dg:correctedBy [] }} }})")
_RULE_CALL = re.compile(r"\bDISPUTED\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*\)")


def expand_rules(text: str) -> str:
    """``text`` with each ``DISPUTED(S, P, O)`` replaced by :data:`DISPUTED_RULE` (true when the triple
    ``S P O`` is a disputed claim); each use gets variables of its own.

    >>> expand_rules("FILTER(!DISPUTED(?t, schema:isBasedOn, ?w))")  # doctest: +NORMALIZE_WHITESPACE
    'FILTER(!(EXISTS { ?_dc1 dg:correctedBy [] . GRAPH ?_dc1 { ?t schema:isBasedOn ?w } } && NOT EXISTS { GRAPH ?_dk1 { ?t schema:isBasedOn ?w } FILTER(?_dk1 != g:union) FILTER NOT EXISTS { ?_dk1 dg:correctedBy [] } }))'
    """
    count = iter(range(1, 1 << 30))
    return _RULE_CALL.sub(lambda m: DISPUTED_RULE.format(n=next(count), s=m[1], p=m[2], o=m[3]), text)


@dataclass(frozen=True)
class Param:
    name: str
    kind: str = "string"
    required: bool = False
    default: str | None = None
    example: str | None = None
    doc: str = ""

@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    audience: str = "people"

def _parse_header(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = re.match(r"#\s*(title|description|param|audience):\s*(.*)$", line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            words = shlex.split(value)
            name, options = words[0], {}
            for word in words[1:]:
                k, _, v = word.partition("=")
                options[k] = v if _ else True
            kind = options.get("kind", "string")
            if kind not in PARAM_KINDS:
                raise UsageError(f"{path}: parameter {name!r} has unknown kind {kind!r}")
            params.append(Param(name, kind, bool(options.get("required")), options.get("default"),
                                options.get("example"), options.get("doc", "")))
        elif key == "description" and key in meta:
            meta[key] += " " + value.strip()
        else:
            meta[key] = value.strip()
    audience = meta.get("audience", "people")
    if audience not in AUDIENCES:
        raise UsageError(f"{path}: audience {audience!r} is not one of {', '.join(AUDIENCES)}")
    return NamedQuery(path.stem, meta.get("title", path.stem), meta.get("description", ""),
                      tuple(params), expand_rules(text), path, audience)


_catalog: dict[str, NamedQuery] | None = None


def catalog() -> dict[str, NamedQuery]:
    """All named queries, by name."""
    global _catalog
    if _catalog is None:
        _catalog = {p.stem: _parse_header(p) for p in sorted(queries_dir().glob("*.rq"))}
    return _catalog

def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises a did-you-mean :class:`UsageError`."""
    queries = catalog()
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.75)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see `dramagraph queries`"
    raise NotFoundError(f"no named query {name!r}{hint}")
