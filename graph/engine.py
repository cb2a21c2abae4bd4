"""Running SPARQL, the core of step 4 ("query"): a text is checked (:mod:`graph.sparqlcheck`), values
are bound (:mod:`graph.sparqltext`), and it runs on the embedded store (with a time limit,
:mod:`graph.executor`) or on a remote endpoint; the answer is a :class:`graph.results.Result`.
Named queries with parameters given as people write them are one step above: :mod:`graph.querying`.
"""

from __future__ import annotations

from .executor import execute_local
from .results import Result, from_answer, in_query_order, result_from
from .sparqlcheck import check_syntax, refuse_unsafe, refuse_update
from .sparqltext import as_term, bind_values, query_form

__all__ = ["run_sparql"]


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
    text = bind_values(text, {k: as_term(v) for k, v in (bindings or {}).items()})
    if remote:
        result = result_from(form, kg.execute(text, form, timeout))
    elif not timeout:  # no worker needed: read the solutions straight from the store
        from .iris import PREFIXES

        result = from_answer(kg.store.query(text, prefixes=PREFIXES), form)
    else:
        result = result_from(form, execute_local(kg, text, form, timeout))
    return in_query_order(result, text)
