"""Where the ontology, the named queries and the article's data live.

In an installed wheel they are inside the package (``graph/_res/...``, see pyproject.toml); in a
source checkout they are the top-level folders beside ``graph/``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resource_dir", "ontology_dir", "queries_dir", "data_dir_of_article"]

_PKG = Path(__file__).resolve().parent.parent  # graph/ (this file is graph/rdf/resources.py)


def resource_dir(name: str) -> Path:
    """The folder ``name`` (``ontology``, ``queries`` or ``data``) of this installation.

    >>> resource_dir("ontology").joinpath("shapes.ttl").is_file()
    True
    """
    for candidate in (_PKG / "_res" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"dramagraph is installed without its {name}/ folder")


def ontology_dir() -> Path:
    return resource_dir("ontology")


def queries_dir() -> Path:
    return resource_dir("queries")


def data_dir_of_article() -> Path:
    return resource_dir("data")
