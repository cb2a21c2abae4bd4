"""A saved Wikidata answer that mirrors a synthetic IMDb download (``dramagraph synth-imdb``): every kept
title and its actors as Wikidata items, each with its IMDb ID (P345), so that ``dramagraph link`` links
thousands of titles and people for certain. Used by tests/sources/test_linked_queries.py and
benchmarks/linked_at_size.py; written from the TSV with plain Python, independently of the importers."""

from __future__ import annotations

import json
from pathlib import Path

_CLASSES = {"movie": "Q11424", "tvMovie": "Q11424", "tvSeries": "Q5398426", "tvMiniSeries": "Q5398426"}


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_wikidata_mirror(imdb: Path, out: Path, every: int = 1) -> dict:
    """Write ``out`` (Turtle) for every ``every``-th kept title of the IMDb files in ``imdb``; returns
    the counts written: titles, people, cast statements."""
    titles = {}
    for line in (imdb / "title.basics.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        if f[1] in _CLASSES and f[4] == "0":
            titles[f[0]] = (f[1], f[2])
    chosen = set(sorted(titles)[::every])
    names = {}
    for line in (imdb / "name.basics.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        names[f[0]] = f[1]
    cast: dict[str, list[str]] = {}
    for line in (imdb / "title.principals.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        if f[0] in chosen and f[3] in ("actor", "actress") and f[2] in names:
            cast.setdefault(f[0], []).append(f[2])
    lines = ["@prefix wd: <http://www.wikidata.org/entity/> .", "@prefix wds: <http://www.wikidata.org/entity/statement/> .",
             "@prefix wdt: <http://www.wikidata.org/prop/direct/> .", "@prefix p: <http://www.wikidata.org/prop/> .",
             "@prefix ps: <http://www.wikidata.org/prop/statement/> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    people, statements = set(), 0
    for tconst in sorted(chosen):
        kind, name = titles[tconst]
        item = f"wd:Q8{tconst[2:]}"
        lines.append(f"{item} wdt:P31 wd:{_CLASSES[kind]} ; rdfs:label {_literal(name)}@en ; wdt:P345 \"{tconst}\" .")
        for k, nconst in enumerate(dict.fromkeys(cast.get(tconst, ()))):
            statements += 1
            lines.append(f"{item} p:P161 wds:Q8{tconst[2:]}-cast-{k} . wds:Q8{tconst[2:]}-cast-{k} ps:P161 wd:Q9{nconst[2:]} .")
            people.add(nconst)
    for nconst in sorted(people):
        lines.append(f"wd:Q9{nconst[2:]} rdfs:label {_literal(names[nconst])}@en ; wdt:P345 \"{nconst}\" .")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"titles": len(chosen), "people": len(people), "cast": statements}
