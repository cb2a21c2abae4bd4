"""Running a query on the embedded store with a time limit: Oxigraph's evaluation cannot be interrupted
from another thread, so a query with a timeout runs in a forked worker process that is killed when
time runs out. (``dramagraph serve`` keeps a pool of warm workers instead: :mod:`graph.web.workers`.)
"""

from __future__ import annotations

from ..errors import InternalError, QueryTimeout

__all__ = ["DEFAULT_TIMEOUT", "execute_local", "evaluate"]


DEFAULT_TIMEOUT = 30.0


def evaluate(store, text: str, form: str, substitutions: dict | None = None, options: dict | None = None) -> bytes:
    """The answer of ``text`` on ``store`` as SPARQL JSON results (select, ask) or N-Triples (graph);
    ``substitutions`` binds variables (pyoxigraph ``Variable`` to term) before evaluation; ``options``
    are more of ``Store.query``'s (the dataset)."""
    import pyoxigraph as ox

    from ..rdf.iris import PREFIXES

    answer = store.query(text, prefixes=PREFIXES, substitutions=substitutions or None, **(options or {}))
    if form == "graph":
        return answer.serialize(format=ox.RdfFormat.N_TRIPLES)
    return answer.serialize(format=ox.QueryResultsFormat.JSON)

def _child(kg, text, form, substitutions, options, conn):
    try:
        # an on-disk store is opened anew: a RocksDB handle must not be shared across a fork
        conn.send(("ok", evaluate(kg.reopen(), text, form, substitutions, options)))
    except BaseException as e:  # report anything to the parent, then leave
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()

def execute_local(kg, text: str, form: str, timeout: float | None, substitutions: dict | None = None,
                  options: dict | None = None) -> bytes:
    """Evaluate on ``kg``'s store; with a ``timeout``, in a forked worker process that is killed when
    time runs out (Oxigraph's evaluation cannot be interrupted from another thread)."""
    import multiprocessing

    if not timeout or "fork" not in multiprocessing.get_all_start_methods():
        return evaluate(kg.store, text, form, substitutions, options)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_child, args=(kg, text, form, substitutions, options, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"the query ran out of time after {timeout:g} s and was stopped "
                               f"(raise --timeout, or make the query more selective)")
        status, payload = receiver.recv()
    except EOFError:
        raise InternalError("the query worker died (out of memory?)") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status != "ok":
        raise InternalError(f"query failed: {payload}")
    return payload
