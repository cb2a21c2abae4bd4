"""Validate the graph against the SHACL shapes of ``ontology/shapes.ttl`` (pySHACL).

Where it sits: ontology + facts → store → *validate* → query → network → viz/serve. It takes a loaded
graph and reads nothing but the shapes; keeping only data that still validates is done above it, in
:mod:`graph.store.userdata`. The caller's graph is never changed: pySHACL runs on an rdflib copy of the union
of all graphs.

>>> from graph.store.opening import open_graph
>>> validate(open_graph(data_dir=False)).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ValidationFailed
from ..rdf.iris import SH_NS as SH
from ..rdf.rdfio import parse_file
from ..rdf.resources import ontology_dir
from ..rdf.terms import to_rdflib_graph

__all__ = ["Violation", "Report", "validate", "check", "SH"]


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the focus node, the path, the message (and the offending value)."""

    focus: str
    path: str
    message: str
    value: str = ""
    severity: str = "Violation"
    shape: str = ""

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus} {self.path}: {self.message}{value}"


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]


def _n3(term) -> str:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return "[]"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


def _path(results, node) -> str:
    """A readable SHACL path: an IRI, ^inverse, or (a|b) for an alternative path."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    path = results.value(node, URIRef(SH + "resultPath"))
    if path is None:
        return "(node)"
    if isinstance(path, BNode):
        inverse = results.value(path, URIRef(SH + "inversePath"))
        if inverse is not None:
            return f"^<{inverse}>"
        alternatives = results.value(path, URIRef(SH + "alternativePath"))
        if alternatives is not None:
            return "(" + "|".join(f"<{p}>" for p in Collection(results, alternatives)) + ")"
    return _n3(path)


_shapes_cache = None


def _shapes():
    global _shapes_cache
    if _shapes_cache is None:
        _shapes_cache = to_rdflib_graph(parse_file(ontology_dir() / "shapes.ttl"))
    return _shapes_cache


def validate(kg) -> Report:
    """Run the shapes over the union of every graph of ``kg``; return the report, violations sorted."""
    import pyshacl
    from rdflib import URIRef

    data = kg.union_graph()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=_shapes(), inference="none",
                                            allow_warnings=True, advanced=True)
    violations = []
    for node in results.subjects(URIRef(SH + "focusNode"), None):
        severity = results.value(node, URIRef(SH + "resultSeverity"))
        violations.append(Violation(
            focus=_n3(results.value(node, URIRef(SH + "focusNode"))),
            path=_path(results, node),
            message=str(results.value(node, URIRef(SH + "resultMessage")) or ""),
            value=_n3(results.value(node, URIRef(SH + "value"))),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            shape=_n3(results.value(node, URIRef(SH + "sourceShape"))),
        ))
    # one line per (focus, path, message, value): several constraints of a shape may share a message
    return Report(bool(conforms), sorted(set(violations)))


def check(kg) -> None:
    """Raise :class:`graph.errors.ValidationFailed` unless ``kg`` conforms."""
    report = validate(kg)
    if not report.conforms:
        raise ValidationFailed([v for v in report.violations if v.severity == "Violation"]
                               or report.violations)
