"""Step 4: ask questions in SPARQL, on the embedded store or a remote endpoint.

The pieces, in the order a query meets them: :mod:`graph.catalog` (the named queries of
``queries/``), :mod:`graph.sparqlcheck` (syntax, SERVICE and Update refused), :mod:`graph.sparqltext`
(binding values, the query's form), :mod:`graph.executor` (time limits) and :mod:`graph.results` (the
answer and its formats). This module puts them together: :func:`run_sparql` and :func:`run_named`.

Parameters are never pasted into the query text: a value is resolved (a name of a title, person, ...
becomes the node's IRI, see :mod:`graph.names`), made an RDF term, and bound to the variable of the same
name by a ``VALUES`` block of serialized terms placed at the start of the query's WHERE group
(:func:`graph.sparqltext.bind_values`), the same way on the embedded store and on a remote endpoint.

>>> from graph.store import open_graph
>>> rows = run_named(open_graph(data_dir=False), "stats").rows
>>> rows[0]["titles"]
8
"""

from __future__ import annotations

import shlex

from .catalog import PARAM_KINDS, NamedQuery, Param, catalog, get
from .errors import UsageError
from .executor import DEFAULT_TIMEOUT, execute_local
from .results import RESULT_FORMATS, Result, format_result, from_answer, in_query_order, result_from, to_python
from .sparqlcheck import _SERVICE_WORD, _refusal, check_syntax, refuse_unsafe, refuse_update
from .sparqlcheck import syntax_error as _syntax_error
from .sparqltext import as_term as _as_term
from .sparqltext import bind_values, query_form

__all__ = ["Param", "NamedQuery", "Result", "catalog", "get", "run_named", "run_sparql", "bind_params",
           "to_python", "PARAM_KINDS", "refuse_unsafe", "format_result", "result_from", "RESULT_FORMATS",
           "DEFAULT_TIMEOUT"]


def run_sparql(kg, text: str, bindings: dict | None = None, where: str = "<query>",
               timeout: float | None = None) -> Result:
    """Run SPARQL ``text`` on ``kg`` (a loaded graph, whose default graph is the union of its named
    graphs, or a :class:`graph.endpoint.Endpoint`); ``bindings`` maps variable names to pyoxigraph
    terms (or plain strings/ints, made literals). ``timeout`` in seconds stops a runaway query.

    >>> from graph.store import open_graph
    >>> run_sparql(open_graph(data_dir=False), "ASK { title:koizora a schema:Movie }").boolean
    True
    """
    remote = hasattr(kg, "execute")
    if remote:
        refuse_update(text)
    else:
        refuse_unsafe(text)
    check_syntax(text, where)
    form = query_form(text)
    text = bind_values(text, {k: _as_term(v) for k, v in (bindings or {}).items()})
    if remote:
        result = result_from(form, kg.execute(text, form, timeout))
    elif not timeout:  # no worker needed: read the solutions straight from the store
        from .iris import PREFIXES

        result = from_answer(kg.store.query(text, prefixes=PREFIXES), form)
    else:
        result = result_from(form, execute_local(kg, text, form, timeout))
    return in_query_order(result, text)

def bind_params(kg, query: NamedQuery, params: dict[str, str]) -> dict:
    """Check ``params`` against the query's declared parameters and turn them into RDF terms."""
    import pyoxigraph as ox

    from .names import resolve

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
                bindings[param.name] = _as_term(int(value))
            except ValueError:
                raise UsageError(f"parameter {param.name!r} must be an integer, not {value!r}") from None
        elif param.kind == "string":
            bindings[param.name] = ox.Literal(str(value))
        else:
            bindings[param.name] = ox.NamedNode(resolve(kg, str(value), param.kind).iri)
    return bindings

def run_named(kg, name: str, params: dict[str, str] | None = None, timeout: float | None = None) -> Result:
    """Run the named query ``name`` with ``params`` (parameter name -> value as the user wrote it)."""
    query = get(name)
    return run_sparql(kg, query.text, bind_params(kg, query, params or {}), where=str(query.path),
                      timeout=timeout)
