"""Running SPARQL, the core of step 4 ("query"): a text is checked (:mod:`graph.sparqlcheck`), values
are bound, and it runs on the embedded store (with a time limit, :mod:`graph.executor`) or on a
remote endpoint; the answer is a :class:`graph.results.Result`. On the embedded store the engine binds
the values itself (pyoxigraph's ``substitutions``), which it allows for the variables in scope that a
query projects; otherwise, and always for a remote endpoint, they are spliced into the text as a ``VALUES``
block (:func:`graph.sparqltext.bind_values`, escaped terms that cannot change the query's shape).
Named queries with parameters given as people write them are one step above: :mod:`graph.querying`.
"""

from __future__ import annotations

import pyoxigraph as ox

from .executor import execute_local
from .results import Result, from_answer, in_query_order, result_from
from .sparqlcheck import check_syntax, refuse_unsafe, refuse_update
from .sparqltext import as_term, bind_values, query_form

__all__ = ["run_sparql", "bind"]


def run_sparql(kg, text: str, bindings: dict | None = None, where: str = "<query>",
               timeout: float | None = None, vocabulary: bool = False, base: str | None = None) -> Result:
    """Run SPARQL ``text`` on ``kg`` (a loaded graph, whose default graph is the union of its named
    graphs, or a :class:`graph.endpoint.Endpoint`); ``bindings`` maps variable names to pyoxigraph
    terms (or plain strings/ints, made literals). ``timeout`` in seconds stops a runaway query. With
``vocabulary`` the default graph also holds dramagraph's vocabulary where a store keeps it apart
(:attr:`graph.knowledge.KnowledgeGraph.vocabulary`); dramagraph's own queries always ask for it. ``base`` is the IRI that relative IRIs of the query resolve
against (without it, a relative IRI is an error that says so).

    >>> from graph.store import open_graph
    >>> run_sparql(open_graph(data_dir=False), "ASK { title:koizora a schema:Movie }").boolean
    True
    """
    remote = hasattr(kg, "execute")
    if remote:
        refuse_update(text, base)
    else:
        refuse_unsafe(text, where=where, base=base)
    check_syntax(text, where, base)
    form = query_form(text)
    terms = {k: tuple(map(as_term, v)) if isinstance(v, (tuple, list)) else as_term(v)
             for k, v in (bindings or {}).items()}
    text, substitutions = bind(text, terms, remote, base)
    options = dict(kg.dataset(vocabulary), base_iri=base) if not remote else {}
    if remote:
        result = result_from(form, kg.execute(f"BASE <{base}>\n{text}" if base else text, form, timeout))
    elif not timeout:  # no worker needed: read the solutions straight from the store
        from .iris import PREFIXES

        result = from_answer(kg.store.query(text, prefixes=PREFIXES, substitutions=substitutions or None,
                                            **options), form)
    else:
        result = result_from(form, execute_local(kg, text, form, timeout, substitutions, options))
    return in_query_order(result, text)


def bind(text: str, terms: dict, remote: bool = False, base: str | None = None) -> tuple[str, dict]:
    """The query text and the engine's ``substitutions`` that bind ``terms`` (names to pyoxigraph
    terms, or tuples of terms that the variable takes each of): the engine binds them itself when it
    can (locally, one term per variable, variables in scope and, for SELECT, projected); otherwise they
    go into the text as a ``VALUES`` block.

    >>> bind("SELECT ?t WHERE { ?t ?p ?n }", {"n": ox.Literal("K")})
    ('SELECT ?t WHERE { VALUES (?n) { ("K") } ?t ?p ?n }', {})
    >>> bind("SELECT ?t ?n WHERE { ?t ?p ?n }", {"n": ox.Literal("K")})
    ('SELECT ?t ?n WHERE { ?t ?p ?n }', {<Variable value=n>: <Literal value=K datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>})
    """
    if not terms:
        return text, {}
    terms = {k: v[0] if isinstance(v, tuple) and len(v) == 1 else v for k, v in terms.items()}
    if any(isinstance(v, tuple) for v in terms.values()):  # several values: only VALUES can say that
        return bind_values(text, terms), {}
    substitutions = {ox.Variable(k): v for k, v in terms.items()}
    if not remote and _engine_binds(text, substitutions, base):
        return text, substitutions
    return bind_values(text, terms), {}


_BINDS: dict = {}  # (query text, variable names, base) -> whether the engine binds them: asked once each


def _engine_binds(text: str, substitutions: dict, base: str | None) -> bool:
    """Whether the engine binds these variables of ``text`` itself; asked of an empty store (the
    engine checks the variables before evaluating anything), once per query text and set of names,
    so a named query run again and again (the server's) is not parsed twice for it."""
    key = (text, tuple(sorted(v.value for v in substitutions)), base)
    found = _BINDS.get(key)
    if found is None:
        from .iris import PREFIXES

        try:
            ox.Store().query(text, prefixes=PREFIXES, substitutions=substitutions, base_iri=base)
            found = True
        except RuntimeError:
            found = False
        if len(_BINDS) > 256:
            _BINDS.clear()
        _BINDS[key] = found
    return found
