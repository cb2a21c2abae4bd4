"""Importing real data into a store: IMDb's datasets (:mod:`graph.sources.imdb`) and saved Wikidata data
(:mod:`graph.sources.wikidata`) are converted to the project's model and replace their earlier import in a
store on disk, each with its provenance.

Where it sits: *ontology + facts → store*: the converters make facts; this puts them into the store
(:func:`graph.store.diskstore.install`), beside the article's facts and the user's own data. A store that does
not exist yet starts from what the embedded graph holds (the ontology, the article, the user's added
data), so that the imported titles can be linked to the article's.

Each import is one *family* of named graphs: ``<.../graph/import/imdb>`` holds its provenance (which
file each graph was read from, the file's modification date, when it was imported), and one graph per
file read holds that file's facts (``<.../graph/import/imdb/title.basics>``, ...). Importing again
replaces the family, and nothing else: not the article, not the user's data, not another import.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from ..errors import InputError, UsageError
from ..rdf.iris import GRAPH_IMPORT, PROV_NS, RDF_TYPE, SCHEMA_NS, XSD_NS, slugify
from ..rdf.rdfio import now_xsd

__all__ = ["import_imdb", "import_wikidata", "provenance_quads", "seed_from_embedded"]


def provenance_quads(family: str, parts, imported_at: str, activity: str) -> list:
    """The provenance of an import, in its family graph: each part's graph ``prov:wasDerivedFrom`` the
    file it was read from (``file:`` IRI, with the file's name, size and modification date) and
    ``prov:generatedAtTime`` the import; ``activity`` says what read it (``dramagraph import imdb``)."""
    import pyoxigraph as ox

    g = ox.NamedNode(family)
    node = ox.NamedNode
    dt = node(XSD_NS + "dateTime")
    quads = [ox.Quad(g, node(RDF_TYPE), node(PROV_NS + "Entity"), g),
             ox.Quad(g, node(PROV_NS + "generatedAtTime"), ox.Literal(imported_at, datatype=dt), g),
             ox.Quad(g, node(SCHEMA_NS + "description"), ox.Literal(f"read by `{activity}`"), g)]
    files = {}
    for part in parts:
        source = Path(part["source"]).resolve()
        files[source] = node(source.as_uri())
        p = node(part["graph"])
        quads += [ox.Quad(p, node(RDF_TYPE), node(PROV_NS + "Entity"), g),
                  ox.Quad(p, node(PROV_NS + "wasDerivedFrom"), files[source], g),
                  ox.Quad(p, node(PROV_NS + "generatedAtTime"), ox.Literal(imported_at, datatype=dt), g),
                  ox.Quad(g, node(SCHEMA_NS + "hasPart"), p, g)]
    for source, f in sorted(files.items()):
        stat = source.stat()
        modified = _dt.datetime.fromtimestamp(int(stat.st_mtime), _dt.timezone.utc).isoformat()
        quads += [ox.Quad(f, node(RDF_TYPE), node(PROV_NS + "Entity"), g),
                  ox.Quad(f, node(SCHEMA_NS + "name"), ox.Literal(source.name), g),
                  ox.Quad(f, node(SCHEMA_NS + "dateModified"), ox.Literal(modified, datatype=dt), g),
                  ox.Quad(f, node(SCHEMA_NS + "contentSize"), ox.Literal(f"{stat.st_size} B"), g)]
    return quads


def seed_from_embedded(data_dir=None):
    """A store's first version, for an import into a store that does not exist yet: what the embedded
    graph holds (ontology, article, the user's added data), written as N-Quads into the work folder."""
    def seed(work: Path) -> list[Path]:
        from ..store.dataset import write_dataset
        from ..store.opening import open_graph

        kg = open_graph(data_dir=data_dir)
        out = work / "embedded.nq"
        with open(out, "wb") as f:
            write_dataset(kg, f, "nquads")
        return [out]

    return seed


def _store(store) -> Path:
    from ..store.opening import store_dir

    path = store_dir(store)
    if path is None:
        raise UsageError("an import goes into a store on disk: give --store DIR (a new folder is made, "
                         "starting from the article and your added data) or set DRAMAGRAPH_STORE")
    return path


def _import(store, family: str, activity: str, convert, data_dir, progress, wait) -> dict:
    from ..store.diskstore import install

    path = _store(store)

    def produce(work: Path, _store) -> dict:
        made = convert(work)
        parts = made["parts"]
        return {"parts": parts, "quads": provenance_quads(family, parts, now_xsd(), activity),
                "counts": made.get("counts", {}), "files": sorted({str(Path(p["source"]).resolve()) for p in parts})}

    info = install(path, family, produce, seed=seed_from_embedded(data_dir), progress=progress, wait=wait)
    return {"store": str(path), "graph": family, **info["sources"][family], "triples": info["triples"],
            "replaced": info["replaced"], "seconds": info["seconds"]}


def import_imdb(folder: str | os.PathLike, *, store=None, region: str | None = None, types=None,
                categories=None, episodes: bool = False, data_dir=None, progress: bool = False,
                wait: float | None = 120.0) -> dict:
    """Read IMDb's datasets from ``folder`` (see :mod:`graph.sources.imdb`) into the store ``store`` (default
    ``$DRAMAGRAPH_STORE``), replacing an earlier IMDb import. Returns ``counts``, ``graphs``, ``files``,
    ``triples`` (the whole store), ``replaced`` and ``seconds``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder (give the folder holding IMDb's title.basics.tsv.gz, ...)")
    options = {"region": region, "episodes": episodes}
    if types:
        options["types"] = tuple(types)
    if categories:
        options["categories"] = tuple(categories)
    def convert(work):
        from .imdb import convert

        return convert(folder, work, progress=progress, **options)

    return _import(store, GRAPH_IMPORT + "imdb", "dramagraph import imdb", convert, data_dir, progress, wait)


def import_wikidata(file: str | os.PathLike, *, store=None, name: str | None = None, data_dir=None,
                    progress: bool = False, wait: float | None = 120.0) -> dict:
    """Read a file saved from Wikidata (see :mod:`graph.sources.wikidata`) into the store ``store``, as the import
    ``wikidata/NAME`` (NAME: the file's name unless given), replacing an earlier import of that name."""
    file = Path(file)
    name = slugify(name or file.name.split(".")[0])
    if not file.is_file():
        raise InputError(f"{file}: cannot read: No such file or directory")

    def convert(work):
        from .wikidata import convert

        return convert(file, work, name=name, progress=progress)

    return _import(store, GRAPH_IMPORT + "wikidata/" + name, "dramagraph import wikidata", convert, data_dir,
                   progress, wait)
