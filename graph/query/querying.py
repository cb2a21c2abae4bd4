"""Step 4, for people: the named queries of ``queries/`` run with parameters as people write them.

Below it: :mod:`graph.query.catalog` (the named queries), :mod:`graph.query.engine` (:func:`run_sparql`: check,
bind, run, on the embedded store or an endpoint), with :mod:`graph.query.sparqlcheck`,
:mod:`graph.query.sparqltext`, :mod:`graph.query.executor` and :mod:`graph.query.results`; and :mod:`graph.query.names`, which
turns a name into its node. This module sits above both: :func:`bind_params` and :func:`run_named`.

Parameters are never pasted into the query text: a value is resolved (a name of a title, person, ...
becomes the node's IRI, see :mod:`graph.query.names`), made an RDF term, and bound to the variable of the same
name (:func:`graph.query.engine.bind`), with the nodes linked to it as the same (:mod:`graph.query.sameas`):
by the engine itself on the embedded store, and on a remote endpoint
(or where the engine cannot) by a ``VALUES`` block of serialized terms at the start of the query's WHERE
group (:func:`graph.query.sparqltext.bind_values`).

>>> from graph.store.opening import open_graph
>>> rows = run_named(open_graph(data_dir=False), "stats").rows
>>> rows[0]["titles"]
9
"""

from __future__ import annotations

import shlex

from .catalog import PARAM_KINDS, NamedQuery, Param, catalog, get
from .engine import run_sparql
from ..errors import UsageError
from .executor import DEFAULT_TIMEOUT
from .results import RESULT_FORMATS, Result, format_result, result_from, to_python
from .names import resolve
from .sameas import equivalents
from .sparqltext import as_term

__all__ = ["run_named", "bind_params", "run_sparql", "catalog", "get", "Param", "NamedQuery", "Result",
           "to_python", "PARAM_KINDS", "format_result", "result_from", "RESULT_FORMATS", "DEFAULT_TIMEOUT"]


def bind_params(kg, query: NamedQuery, params: dict[str, str]) -> dict:
    """Check ``params`` against the query's declared parameters and turn them into RDF terms."""
    import pyoxigraph as ox

    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise UsageError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {known})")
    bindings = {}
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise UsageError(f"query {query.name!r} needs the parameter {param.name!r} "
                                 f"({param.doc or param.kind}), e.g. --param {param.name}="
                                 f"{shlex.quote(param.example or '...')}")
            continue
        if param.kind == "integer":
            try:
                bindings[param.name] = as_term(int(value))
            except ValueError:
                raise UsageError(f"parameter {param.name!r} must be an integer, not {value!r}") from None
        elif param.kind == "string":
            bindings[param.name] = ox.Literal(str(value))
        else:  # a node, with the nodes linked to it as the same (graph.query.sameas): the query sees them all
            bindings[param.name] = tuple(map(ox.NamedNode, equivalents(kg, resolve(kg, str(value), param.kind).iri)))
    return bindings

def run_named(kg, name: str, params: dict[str, str] | None = None, timeout: float | None = None) -> Result:
    """Run the named query ``name`` with ``params`` (parameter name -> value as the user wrote it)."""
    query = get(name)
    return run_sparql(kg, query.text, bind_params(kg, query, params or {}), where=str(query.path),
                      timeout=timeout, vocabulary=True)
