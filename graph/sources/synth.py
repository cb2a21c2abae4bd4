"""Synthetic data shaped like the article's, for benchmarks and tests of scale.

Films and series with names, years, episode counts, casts whose actors follow a power law (a few people
are in very many titles), characters, illnesses in a SKOS hierarchy, and source works with authors and
kinds; with ``themes=True`` (``dramagraph synth --themes``) themes too, in the SKOS hierarchy of the
article's themes (drawn from a random stream of their own, so the rest is the same triple for triple). The output passes the SHACL shapes together with the ontology; it is deterministic per seed, and
every node lives under ``https://w3id.org/dramagraph/synth/`` so it never collides with real data.

Where it sits: before the data flow (ontology + facts → store → ...): it makes facts, as an N-Triples
file to load into a store (``dramagraph synth``, then ``dramagraph load``).

>>> text = generate_text(titles=3, seed=1)
>>> text.count("<https://schema.org/PerformanceRole>") > 0
True
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import os
import random

from ..rdf.iris import BASE, PREFIXES
from ..rdf.iris import DG_NS as DG
from ..rdf.iris import RDF_TYPE as _RDF_TYPE
from ..rdf.iris import SCHEMA_NS as SCHEMA
from ..rdf.iris import SKOS_NS as SKOS
from ..rdf.iris import XSD_NS as XSD

__all__ = ["generate", "generate_text", "generate_imdb", "TRIPLES_PER_TITLE"]

S = BASE + "synth/"
RDF_TYPE = f"<{_RDF_TYPE}>"  # written as N-Triples
TRIPLES_PER_TITLE = 48  # measured: 48.5 triples a title; turns a triple budget into titles

# the illness hierarchy of ontology/concepts.ttl that synthetic titles use, plus synthetic leaves
_TOP_ILLNESSES = ["cancer", "neurodegenerative-disease", "encephalitis", "heart-disease", "physical-disability"]
_LEAVES = ["leukemia", "als", "spinocerebellar-degeneration", "anti-nmda-receptor-encephalitis", "heart-attack",
           "paralysis"]
# the themes of ontology/concepts.ttl that synthetic titles use (with themes=True), plus synthetic ones
_TOP_THEMES = ["romance", "social-prejudice", "medical-profession", "family-support", "pregnancy"]
_THEMES = ["young-love"] + _TOP_THEMES
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


def _themes(titles: int, seed: int):
    """(the lines of the synthetic themes, a function giving a title's lines about its themes)."""
    rng = random.Random(f"themes {seed}")
    concept, scheme = PREFIXES["concept"], f"<{PREFIXES['scheme']}themes>"
    lines, synthetic = [], []
    for k in range(max(5, titles // 100)):
        node = _iri(f"theme/{k}")
        synthetic.append(node)
        lines += [f"{node} {RDF_TYPE} <{SKOS}Concept> .", f"{node} <{SKOS}prefLabel> {_lit(f'synthetic theme {k}')}@en .",
                  f"{node} <{SKOS}inScheme> {scheme} .",
                  f"{node} <{SKOS}broader> <{concept}{_TOP_THEMES[k % len(_TOP_THEMES)]}> ."]
    themes = [f"<{concept}{c}>" for c in _THEMES] + synthetic

    def about(title):
        return [f"{title} <{SCHEMA}about> {theme} ."
                for theme in sorted(set(rng.choice(themes) for _ in range(rng.randint(0, 2))))]

    return lines, about


def _lines(titles: int, seed: int, done=None, themes: bool = False):
    """The N-Triples lines; ``done``, a progress bar, is advanced by one after each title."""
    theme_lines, themes_of = _themes(titles, seed) if themes else ([], lambda title: [])
    yield from theme_lines
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
        yield from themes_of(title)
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


def generate(out: str | os.PathLike, titles: int, seed: int = 0, progress: bool = False, themes: bool = False) -> int:
    """Write ``titles`` synthetic titles (``themes``: with themes) as N-Triples to ``out`` (streamed, atomically: see
    :func:`graph.rdf.rdfio.atomic_writer`); return the triple count. A full disk or a read-only folder
    raises :class:`graph.errors.InputError` and leaves nothing behind. ``progress`` shows a bar over
    the titles on standard error when it is a terminal."""
    from ..progress import bar
    from ..rdf.rdfio import atomic_writer

    count = 0
    with atomic_writer(out) as f, bar(titles, "writing synthetic titles", "title", progress) as done:
        batch = []
        for line in _lines(titles, seed, done, themes):
            batch.append(line)
            if len(batch) >= 10000:
                f.write(("\n".join(batch) + "\n").encode("utf-8"))
                count += len(batch)
                batch.clear()
        if batch:
            f.write(("\n".join(batch) + "\n").encode("utf-8"))
            count += len(batch)
    return count


# ---------------------------------------------------------------- IMDb-format files
_IMDB_FIRST = ["Yui", "Haruma", "Ryō", "Kōji", "Amélie", "Søren", "José", "Chloé", "Mika", "Hiroki", "Erika", "Ōki"]
_IMDB_LAST = ["Aragaki", "Miura", "Nishikido", "Satō", "Müller", "Núñez", "Kōno", "Ōta", "Tahara", "Sakurai"]
# (titleType, share): the kinds dramagraph keeps by default, others it keeps on request, and skipped ones
_IMDB_TYPES = [("movie", 0.38), ("tvSeries", 0.22), ("tvMiniSeries", 0.05), ("tvMovie", 0.10), ("short", 0.05),
               ("video", 0.04), ("tvEpisode", 0.10), ("videoGame", 0.04), ("tvSpecial", 0.02)]
_IMDB_GENRES = ["Drama", "Romance", "Comedy", "Family", "Music", "Sport", "Fantasy"]
_IMDB_OTHER_CATEGORIES = ["director", "writer", "producer", "composer", "self"]
# synthetic Japanese titles: words of hiragana syllables (none that jaconv's romaji would write as a long
# vowel, a particle or n before a vowel), and kanji with a reading each, so that the Hepburn form is known
_KANA_SYLLABLES = ("か き く け こ さ し す せ そ た ち つ て と な に ぬ ね は ひ ふ ほ ま み む め も や ゆ よ "
                   "ら り る れ ろ わ が ぎ ぐ げ ご ざ じ ず ぜ ぞ だ で ど ば び ぶ べ ぼ").split()
_KANJI_READINGS = [("恋", "こい"), ("空", "そら"), ("涙", "なみだ"), ("花", "はな"), ("夏", "なつ"), ("星", "ほし"),
                   ("海", "うみ"), ("雪", "ゆき"), ("月", "つき"), ("風", "かぜ")]


def _japanese_title(t: int, rng: random.Random) -> tuple[str, str]:
    """A synthetic Japanese title for title ``t`` and its Hepburn romanisation (jaconv's ``kana2alphabet``
    of its reading), ``t`` appended to both, by turns kanji の hiragana, katakana or hiragana (with seed 0:
    ``涙のゆごたべ 0``, ``Namida no Yugotabe 0``; ``ミツハフ 3``, ``Mitsuhafu 3``; ``ぶばたで 6``,
    ``Bubatade 6``)."""
    import jaconv

    word = "".join(rng.choice(_KANA_SYLLABLES) for _ in range(rng.randint(2, 4)))
    kind = (t // 3) % 3
    if kind == 0:
        kanji, reading = rng.choice(_KANJI_READINGS)
        japanese = f"{kanji}の{word}"
        romaji = f"{jaconv.kana2alphabet(reading).capitalize()} no {jaconv.kana2alphabet(word).capitalize()}"
    else:
        japanese = jaconv.hira2kata(word) if kind == 1 else word
        romaji = jaconv.kana2alphabet(word).capitalize()
    return f"{japanese} {t}", f"{romaji} {t}"


def _imdb_tables(principals: int, seed: int):
    """The rows (tab-joined, without the newline) of each IMDb-format file, file by file: yields
    ``(file name, row)``; ``counts`` is filled as rows are made."""
    rng = random.Random(seed)
    titles = max(1, -(-principals // 10))
    people = max(20, titles * 2)
    actors = _Zipf(people, 1.05, rng)
    types = list(itertools.accumulate(share for _, share in _IMDB_TYPES))
    kinds = []
    for t in range(titles):
        kinds.append(_IMDB_TYPES[bisect.bisect_left(types, rng.random() * types[-1])][0])
    for t in range(0, titles, 50):  # in every fifty titles, whatever the seed: a series, an episode (of the
        for k, kind in ((3, "tvSeries"), (7, "movie"), (9, "tvEpisode")):  # latest series), a film named with '"'
            if t + k < titles:
                kinds[t + k] = kind
    N = "\\N"
    tconst = "tt9{:07d}".format
    nconst = "nm9{:07d}".format
    yield "title.basics", "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t" \
                          "runtimeMinutes\tgenres"
    last_series = None
    episodes = []
    for t, kind in enumerate(kinds):
        name = f'The "Last" Title {t}' if t % 50 == 7 else f"Title {t}"
        original = f"Original Title {t}" if t % 4 == 1 else name
        adult = "1" if t % 97 == 13 else "0"
        start = str(rng.randint(1960, 2024)) if rng.random() < 0.9 else N
        end = str(int(start) + rng.randint(0, 5)) if kind == "tvSeries" and start != N and rng.random() < 0.5 else N
        runtime = str(rng.randint(20, 150)) if rng.random() < 0.7 else N
        genres = ",".join(sorted(rng.sample(_IMDB_GENRES, rng.randint(1, 3)))) if rng.random() < 0.85 else N
        if kind == "tvEpisode" and last_series is not None:
            episodes.append((t, last_series))
        if kind == "tvSeries":
            last_series = t
        yield "title.basics", "\t".join((tconst(t), kind, name, original, adult, start, end, runtime, genres))
    yield "title.akas", "titleId\tordering\ttitle\tregion\tlanguage\ttypes\tattributes\tisOriginalTitle"
    japanese = random.Random(f"{seed}/japanese titles")  # its own draws: the other rows stay as they were
    for t in range(titles):
        rows = [(f"Title {t}", "US", "en", "imdbDisplay", "0")]  # the primary name again: not an alternate one
        if rng.random() < 0.3:
            rows.append((f"恋空 {t}", "JP", "ja", "imdbDisplay", "0"))
        if rng.random() < 0.2:
            rows.append((f"Also Known As {t}", "XWW", "en", "alternative", "0"))
            rows.append((f"Also Known As {t}", "GB", N, N, "0"))  # the same name twice: one alternate name
        if t % 3 == 0:  # every third title: a Japanese title in kana or kanji, and its Hepburn form
            title, romaji = _japanese_title(t, japanese)
            rows.append((title, "JP", "ja", N, "0"))
            rows.append((romaji, "JP", N, "imdbDisplay", "0"))
        for ordering, (title, region, language, kinds_, original) in enumerate(rows, 1):
            yield "title.akas", "\t".join((tconst(t), str(ordering), title, region, language, kinds_, N, original))
    yield "title.principals", "tconst\tordering\tnconst\tcategory\tjob\tcharacters"
    for row in range(principals):
        t, ordering = divmod(row, 10)
        p = actors.draw()
        roll = rng.random()
        if roll < 0.75:
            category = "actress" if p % 2 else "actor"
            job = N
            c = rng.random()
            if c < 0.8:
                characters = json.dumps([f"Character {t}-{ordering + 1}"], ensure_ascii=False)
            elif c < 0.88:
                characters = json.dumps([f"Mika {t}", f"Mikà {t}"], ensure_ascii=False)  # two characters
            elif c < 0.9:
                characters = json.dumps([f'Hiro "the Boy" {t}'], ensure_ascii=False)
            else:
                characters = N
        else:
            category = rng.choice(_IMDB_OTHER_CATEGORIES)
            job = "novel" if category == "writer" and rng.random() < 0.5 else N
            characters = N if category != "self" else '["Self"]'
        yield "title.principals", "\t".join((tconst(t), str(ordering + 1), nconst(p), category, job, characters))
    yield "name.basics", "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles"
    for p in range(people):
        if p % 23 == 5:
            continue  # a few people are missing from name.basics
        name = f"{_IMDB_FIRST[p % len(_IMDB_FIRST)]} {_IMDB_LAST[(p // 7) % len(_IMDB_LAST)]} {p}"
        born = str(rng.randint(1930, 2005)) if rng.random() < 0.7 else N
        died = str(int(born) + rng.randint(40, 80)) if born != N and rng.random() < 0.05 else N
        yield "name.basics", "\t".join((nconst(p), name, born, died, "actor" if p % 2 == 0 else "actress", N))
    yield "title.episode", "tconst\tparentTconst\tseasonNumber\tepisodeNumber"
    for k, (t, parent) in enumerate(episodes):
        season, number = (str(1 + k % 3), str(1 + k % 12)) if k % 5 else (N, N)
        yield "title.episode", "\t".join((tconst(t), tconst(parent), season, number))


def generate_imdb(out_dir: str | os.PathLike, principals: int, seed: int = 0, *, gz: bool = False,
                  progress: bool = False) -> dict:
    """Write synthetic files in IMDb's format (``title.basics``, ``title.akas``, ``title.principals``,
    ``name.basics``, ``title.episode``, as ``.tsv`` or, with ``gz``, ``.tsv.gz``) into the existing folder
    ``out_dir``: ``principals`` rows of ``title.principals``, ten per title, whose people follow a power
    law; deterministic per seed, ids in a synthetic range (``tt9…``, ``nm9…``). Among them: films, series,
    episodes, video games and shorts, adult titles, ``\\N`` years and genres, Japanese alternate names
    (every third title has a synthetic one in kana or kanji, region JP and language ja, and its Hepburn
    form, region JP: see :func:`_japanese_title`), a ``"`` in a few names, accented names, rows with two
    characters, directors and writers, and people missing from ``name.basics``. Returns the rows written per file. Each file is written atomically."""
    from pathlib import Path

    from ..errors import InputError
    from ..progress import bar
    from ..rdf.rdfio import atomic_writer

    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: not a folder")
    rows: dict[str, int] = {}
    suffix = ".tsv.gz" if gz else ".tsv"
    tables = _imdb_tables(principals, seed)
    pending = next(tables)
    with bar(principals, "writing IMDb-format files", "principal", progress) as done:
        while pending is not None:
            name = pending[0]
            with atomic_writer(out_dir / f"{name}{suffix}") as raw:
                f = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=5, filename="") if gz else raw
                batch = []
                count = -1  # the header is not a row
                for pending in itertools.chain([pending], tables):
                    if pending[0] != name:
                        break
                    batch.append(pending[1])
                    count += 1
                    if len(batch) >= 10000:
                        f.write(("\n".join(batch) + "\n").encode("utf-8"))
                        batch.clear()
                        if name == "title.principals":
                            done.update(10000)
                else:
                    pending = None
                if batch:
                    f.write(("\n".join(batch) + "\n").encode("utf-8"))
                if gz:
                    f.close()
            rows[name] = count
    return {"rows": rows, "titles": rows["title.basics"], "principals": rows["title.principals"],
            "people": rows["name.basics"]}
