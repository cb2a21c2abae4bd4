"""Typed errors, all of them here. Each class carries the exit code the CLI returns for it and the HTTP
status ``dramagraph serve`` answers with, and prints as one line.

Exit codes (documented in docs/commands.md):

====  ==========================================================================
0     success (``validate``: the data conforms)
1     the answer is "no": SHACL violations, no path between two nodes
2     usage or input error: bad arguments, unreadable or malformed files or queries,
      unknown names
3     a query ran out of time
4     a remote SPARQL endpoint could not be reached or answered with an error
5     an internal failure (a bug, or a worker that died): not the user's mistake
====  ==========================================================================
"""

from __future__ import annotations

__all__ = [
    "DramagraphError",
    "UsageError",
    "InputError",
    "ParseError",
    "NotFoundError",
    "AmbiguousNameError",
    "ValidationFailed",
    "QueryTimeout",
    "EndpointError",
    "NotAcceptable",
    "Refused",
    "NoPath",
    "InternalError",
]


class DramagraphError(Exception):
    """Base class: a user-facing error with an exit code (CLI) and an HTTP status (server)."""

    exit_code = 2
    http_status = 400


class UsageError(DramagraphError):
    """Bad arguments: unknown query, missing parameter, unsupported format."""


class InputError(DramagraphError):
    """A file or value that cannot be used (refused on safety grounds, unreadable, ...)."""


class ParseError(InputError):
    """A syntax error in a file or a query, with its position.

    >>> str(ParseError("bad token", path="a.ttl", line=3, column=7))
    'a.ttl:3:7: bad token'
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.message, self.path, self.line, self.column = message, path, line, column
        where = [str(x) for x in (path, line, column) if x is not None]
        super().__init__(f"{':'.join(where)}: {message}" if where else message)


class NotFoundError(UsageError):
    """A name that is not in the graph (or an unknown named query); ``suggestions`` holds the closest
    names."""

    http_status = 404

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = suggestions or []
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class AmbiguousNameError(UsageError):
    """A name that matches several things; ``candidates`` lists ``(label, kind, iri)``."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]):
        self.name, self.candidates = name, candidates
        listed = "; ".join(f"{label} ({kind}, <{iri}>)" for label, kind, iri in candidates)
        super().__init__(f"{name!r} is ambiguous: it names {len(candidates)} things: {listed}")


class ValidationFailed(DramagraphError):
    """SHACL violations; ``results`` holds one :class:`graph.store.shacl.Violation` each."""

    exit_code = 1
    http_status = 422

    def __init__(self, results):
        self.results = list(results)
        n = len(self.results)
        super().__init__(f"{n} SHACL violation{'s' * (n != 1)}")


class QueryTimeout(DramagraphError):
    """A query (or a request to an endpoint) ran out of time and was stopped."""

    exit_code = 3
    http_status = 503


class EndpointError(DramagraphError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""

    exit_code = 4
    http_status = 502


class NotAcceptable(UsageError):
    """No answer format fits the request's ``Accept`` header (HTTP 406)."""

    http_status = 406


class Refused(UsageError):
    """A request refused on principle: SPARQL Update on a read-only graph (HTTP 403)."""

    http_status = 403


class NoPath(DramagraphError):
    """No path between two nodes: the answer is "no" (exit 1)."""

    exit_code = 1
    http_status = 404


class InternalError(DramagraphError):
    """Something went wrong inside dramagraph (a query worker died, a bug): not the user's mistake."""

    exit_code = 5
    http_status = 500
