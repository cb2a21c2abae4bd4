"""Synthetic data shaped like the article's, for benchmarks and tests of scale.

Films and series with names, years, episode counts, casts whose actors follow a power law (a few people
are in very many titles), characters, illnesses in a SKOS hierarchy, and source works with authors and
kinds. The output passes the SHACL shapes together with the ontology; it is deterministic per seed, and
every node lives under ``https://w3id.org/dramagraph/synth/`` so it never collides with real data.

Where it sits: before the data flow (ontology + facts → store → ...): it makes facts, as an N-Triples
file to load into a store (``dramagraph synth``, then ``dramagraph load``).

>>> text = generate_text(titles=3, seed=1)
>>> text.count("<https://schema.org/PerformanceRole>") > 0
True
"""

from __future__ import annotations

import bisect
import itertools
import os
import random

from .iris import BASE, PREFIXES
from .iris import DG_NS as DG
from .iris import RDF_TYPE as _RDF_TYPE
from .iris import SCHEMA_NS as SCHEMA
from .iris import SKOS_NS as SKOS
from .iris import XSD_NS as XSD

__all__ = ["generate", "generate_text", "TRIPLES_PER_TITLE"]

S = BASE + "synth/"
RDF_TYPE = f"<{_RDF_TYPE}>"  # written as N-Triples
TRIPLES_PER_TITLE = 48  # measured: 48.5 triples a title; turns a triple budget into titles

# the illness hierarchy of ontology/concepts.ttl that synthetic titles use, plus synthetic leaves
_TOP_ILLNESSES = ["cancer", "neurodegenerative-disease", "encephalitis", "heart-disease", "physical-disability"]
_LEAVES = ["leukemia", "als", "spinocerebellar-degeneration", "anti-nmda-receptor-encephalitis", "heart-attack",
           "paralysis"]
_KINDS = ["novel", "romance-novel", "manga", "true-story", "journal", "korean-drama"]


def _iri(local: str) -> str:
    return f"<{S}{local}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Zipf:
    """Draw ranks 0..n-1 with probability ~ 1/(rank+1)**s: a few actors get very many roles."""

    def __init__(self, n: int, s: float, rng: random.Random):
        self.cumulative = list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(n)))
        self.rng = rng

    def draw(self) -> int:
        return bisect.bisect_left(self.cumulative, self.rng.random() * self.cumulative[-1])


def _lines(titles: int, seed: int, done=None):
    """The N-Triples lines; ``done``, a progress bar, is advanced by one after each title."""
    rng = random.Random(seed)
    people = max(20, titles * 2)
    actors = _Zipf(people, 1.05, rng)
    concept = PREFIXES["concept"]
    scheme = f"<{PREFIXES['scheme']}conditions>"
    synthetic_illnesses = []
    for k in range(max(5, titles // 50)):
        node = _iri(f"illness/{k}")
        parent = f"<{concept}{_TOP_ILLNESSES[k % len(_TOP_ILLNESSES)]}>"
        synthetic_illnesses.append(node)
        yield f"{node} {RDF_TYPE} <{SKOS}Concept> ."
        yield f"{node} <{SKOS}prefLabel> {_lit(f'synthetic illness {k}')}@en ."
        yield f"{node} <{SKOS}inScheme> {scheme} ."
        yield f"{node} <{SKOS}broader> {parent} ."
    illnesses = [f"<{concept}{c}>" for c in _LEAVES + _TOP_ILLNESSES] + synthetic_illnesses
    declared_people = set()

    def person(p: int):
        node = _iri(f"person/{p}")
        if p not in declared_people:
            declared_people.add(p)
            yield f"{node} {RDF_TYPE} <{SCHEMA}Person> ."
            yield f"{node} <{SCHEMA}name> {_lit(f'Person {p}')} ."

    for t in range(titles):
        title = _iri(f"title/{t}")
        is_film = rng.random() < 0.4
        yield f"{title} {RDF_TYPE} <{SCHEMA}{'Movie' if is_film else 'TVSeries'}> ."
        yield f"{title} <{SCHEMA}name> {_lit(f'Title {t}')} ."
        if rng.random() < 0.2:
            yield f"{title} <{SCHEMA}alternateName> {_lit(f'Also Known As {t}')} ."
        if rng.random() < 0.8:
            prop = "datePublished" if is_film else "startDate"
            yield f'{title} <{SCHEMA}{prop}> "{rng.randint(1990, 2024)}"^^<{XSD}gYear> .'
        if not is_film and rng.random() < 0.5:
            yield f'{title} <{SCHEMA}numberOfEpisodes> "{rng.randint(6, 13)}"^^<{XSD}integer> .'
        for illness in sorted(set(rng.choice(illnesses) for _ in range(rng.randint(1, 3)))):
            yield f"{title} <{SCHEMA}about> {illness} ."
        if rng.random() < 0.6:
            work = _iri(f"work/{t}")
            yield f"{title} <{SCHEMA}isBasedOn> {work} ."
            yield f"{work} {RDF_TYPE} <{SCHEMA}CreativeWork> ."
            yield f"{work} <{SCHEMA}name> {_lit(f'Source of Title {t}')} ."
            yield f"{work} <{SCHEMA}genre> <{concept}{rng.choice(_KINDS)}> ."
            author = people + rng.randrange(max(10, titles // 4))  # authors are not actors
            yield from person(author)
            yield f"{work} <{SCHEMA}author> {_iri(f'person/{author}')} ."
        cast = set()
        for _ in range(rng.randint(2, 8)):
            cast.add(actors.draw())
        for r, p in enumerate(sorted(cast)):
            role, character = _iri(f"role/{t}-{r}"), _iri(f"character/{t}-{r}")
            yield from person(p)
            yield f"{title} <{SCHEMA}actor> {role} ."
            yield f"{role} {RDF_TYPE} <{SCHEMA}PerformanceRole> ."
            yield f"{role} <{SCHEMA}actor> {_iri(f'person/{p}')} ."
            yield f"{role} <{SCHEMA}characterName> {_lit(f'Character {t}-{r}')} ."
            yield f"{role} <{DG}portrays> {character} ."
            yield f"{title} <{SCHEMA}character> {character} ."
            yield f"{character} {RDF_TYPE} <{DG}Character> ."
            yield f"{character} <{SCHEMA}name> {_lit(f'Character {t}-{r}')} ."
        if done is not None:
            done.update(1)


def generate_text(titles: int, seed: int = 0) -> str:
    """The synthetic data for ``titles`` titles as N-Triples text."""
    return "\n".join(_lines(titles, seed)) + "\n"


def generate(out: str | os.PathLike, titles: int, seed: int = 0, progress: bool = False) -> int:
    """Write ``titles`` synthetic titles as N-Triples to ``out`` (streamed, atomically: see
    :func:`graph.rdfio.atomic_writer`); return the triple count. A full disk or a read-only folder
    raises :class:`graph.errors.InputError` and leaves nothing behind. ``progress`` shows a bar over
    the titles on standard error when it is a terminal."""
    from .progress import bar
    from .rdfio import atomic_writer

    count = 0
    with atomic_writer(out) as f, bar(titles, "writing synthetic titles", "title", progress) as done:
        batch = []
        for line in _lines(titles, seed, done):
            batch.append(line)
            if len(batch) >= 10000:
                f.write(("\n".join(batch) + "\n").encode("utf-8"))
                count += len(batch)
                batch.clear()
        if batch:
            f.write(("\n".join(batch) + "\n").encode("utf-8"))
            count += len(batch)
    return count
