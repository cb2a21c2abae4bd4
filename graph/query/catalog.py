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
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..errors import NotFoundError, UsageError
from ..rdf.resources import queries_dir

__all__ = ["PARAM_KINDS", "AUDIENCES", "Param", "NamedQuery", "catalog", "get"]


PARAM_KINDS = ("title", "person", "character", "work", "concept", "thing", "string", "integer")
AUDIENCES = ("people", "internal")  # who reads a named query's answers


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
                      tuple(params), text, path, audience)


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
