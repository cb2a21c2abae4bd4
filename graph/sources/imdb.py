"""IMDb's non-commercial datasets (https://developer.imdb.com/non-commercial-datasets/) read into
dramagraph's model, as N-Triples files, one per named graph (one graph per file read).

Why one file of ~600 lines: a third is the mapping table below, the module's contract, and the rest is
the one streaming pass that applies it (each row of the table is one branch of the reader, sharing the
row, id and year checks); split, the table and its code would drift.

Where it sits: before the store (like :mod:`graph.sources.synth`): it turns IMDb's files into facts, and the
store's import bulk-loads them and writes their provenance.

Files, in the folder given, each as ``NAME.tsv`` or ``NAME.tsv.gz``, tab-separated as IMDb publishes them
(a header row that must match, ``\\N`` for null, no quoting): ``title.basics``, ``title.principals`` and
``name.basics`` are required, ``title.akas`` is required with a region (else read when present), and
``title.episode`` is read only for episodes. Nodes are ``imdb:tt…`` (titles), ``imdb:nm…`` (people) and
``imdb:role/tt…-ORDERING`` or ``imdb:role/tt…-ORDERING-K`` (roles), under
``https://w3id.org/dramagraph/imdb/``.

How IMDb's data maps (file → named graph ``https://w3id.org/dramagraph/graph/import/imdb/FILE``):

=====================================  ==================================================================
IMDb                                   dramagraph
=====================================  ==================================================================
titleType movie, tvMovie, video,       ``a schema:Movie``; startYear → ``schema:datePublished`` xsd:gYear
short, tvShort, tvSpecial              (kept when in the types asked for; by default movie and tvMovie)
titleType tvSeries, tvMiniSeries       ``a schema:TVSeries``; startYear → ``schema:startDate`` xsd:gYear,
                                       endYear → ``schema:endDate`` xsd:gYear
titleType tvEpisode                    with episodes asked for and ``title.episode`` present, and its
                                       series kept: ``a schema:TVEpisode``, startYear →
                                       ``schema:datePublished``; ``title.episode`` gives
                                       ``schema:partOfSeries`` (the series), ``schema:seasonNumber`` and
                                       ``schema:episodeNumber`` (xsd:integer) as stated; an episode's cast
                                       is not read. Otherwise skipped
titleType videoGame, tvPilot, any      skipped, counted per type in ``counts["skipped"]`` (so is any
other (or a type not asked for)        type left out of the types asked for)
isAdult = 1                            skipped, counted in ``counts["adult"]``
tconst                                 ``schema:identifier "tt…"``, ``schema:sameAs
                                       <https://www.imdb.com/title/tt…/>``
primaryTitle                           ``schema:name`` (xsd:string)
originalTitle (when different)         ``schema:alternateName``
genres                                 ``schema:genre``, one string each
runtimeMinutes                         left out
title.akas title                       ``schema:alternateName`` of a kept title (all regions; one each per
                                       title, none equal to its name); with a region, only titles with a
                                       ``title.akas`` row of that region are kept. A Japanese row (language
                                       ja, or region JP with no language) tags it: ``"恋空"@ja`` when the
                                       title holds kana or kanji, else ``"Koizora"@ja-Latn`` (romanised
                                       Japanese); other rows give a plain string. The same title on
                                       several rows of a titleId is written once, tagged when one of them
                                       is Japanese. The triple is in the ``title.akas`` graph; its row is
                                       the first Japanese row with that titleId (the subject's
                                       ``schema:identifier``) and title (see Provenance below)
title.principals, category in the      ``TITLE schema:actor ROLE . ROLE a schema:PerformanceRole ;
categories asked for (by default       schema:actor PERSON``: one role per character, each with its
actor, actress)                        ``schema:characterName`` (``role/tt…-ORDERING-K``, K from 1), or one
                                       role ``role/tt…-ORDERING`` without a character name when
                                       characters is null; other categories are not read
name.basics (people of kept roles)     ``a schema:Person``; primaryName → ``schema:name``; birthYear,
                                       deathYear → ``schema:birthDate``, ``schema:deathDate`` xsd:gYear;
                                       nconst → ``schema:identifier "nm…"``, ``schema:sameAs
                                       <https://www.imdb.com/name/nm…/>``
a person of a role missing from        ``a schema:Person`` with its identifier and sameAs (in the
name.basics                            ``title.principals`` graph) but no name; counted in
                                       ``counts["unnamedPeople"]``
primaryProfession, knownForTitles,     left out
job, title.akas types/attributes/...
=====================================  ==================================================================

Every triple written is stated in a file read: no year, cast or name is made up.

Provenance: each file's facts are one named graph, which the import says ``prov:wasDerivedFrom`` the
file (with its name, size and modification date, :func:`graph.sources.imports.provenance_quads`). A
Japanese alternate name is not cited row by row, on purpose: the triple already names its row, the
first Japanese row of ``title.akas`` with that titleId (the subject's ``schema:identifier``) and that
title (the literal's text), and ``dramagraph audit`` checks each name against the rows of its titleId
(:mod:`graph.sources.audit`), as it does every imported name. Citing the row's ordering would take at
least one more triple per name (a reification, an RDF 1.2 triple term, or a named graph per row with
its own ``prov:`` statement): the graph twice as big, at IMDb's millions of rows, for a key the triple
gives. A Japanese title equal to
the title's name or original title is not repeated: the node keeps one name of each text, and that one
is plain (``title.basics`` says nothing of its language).

Reading streams each file (memory grows with the titles and people kept, not with the rows read): with
a region, a first pass over ``title.akas`` collects that region's titles; then ``title.basics``,
``title.akas``, ``title.principals`` (kept titles only) and ``name.basics`` (the people of kept roles
only). Alternate names are deduplicated per run of rows of one title (IMDb's files are sorted by id).

A file that is not as IMDb publishes it (a missing file, a wrong header, a row of the wrong length, bad
JSON in ``characters``, an id that is not IMDb's, a year that is not one, broken gzip, bad UTF-8) raises
:class:`graph.errors.ParseError` or :class:`~graph.errors.InputError`, one line naming the file and line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from pathlib import Path

from ..errors import InputError, ParseError, UsageError
from ..rdf.iris import GRAPH_IMPORT, IMDB, RDF_TYPE, SCHEMA_NS, XSD_NS

__all__ = ["convert", "HEADERS", "DEFAULT_TYPES", "DEFAULT_CATEGORIES", "MOVIE_TYPES", "SERIES_TYPES",
           "GRAPHS", "find_file"]

HEADERS = {
    "title.basics": ("tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear",
                     "runtimeMinutes", "genres"),
    "title.akas": ("titleId", "ordering", "title", "region", "language", "types", "attributes",
                   "isOriginalTitle"),
    "title.principals": ("tconst", "ordering", "nconst", "category", "job", "characters"),
    "name.basics": ("nconst", "primaryName", "birthYear", "deathYear", "primaryProfession", "knownForTitles"),
    "title.episode": ("tconst", "parentTconst", "seasonNumber", "episodeNumber"),
}
GRAPHS = {name: f"{GRAPH_IMPORT}imdb/{name}" for name in HEADERS}
MOVIE_TYPES = ("movie", "tvMovie", "video", "short", "tvShort", "tvSpecial")
SERIES_TYPES = ("tvSeries", "tvMiniSeries")
DEFAULT_TYPES = ("movie", "tvMovie", "tvSeries", "tvMiniSeries")
DEFAULT_CATEGORIES = ("actor", "actress")

NULL = "\\N"
_TITLE_ID = re.compile(r"tt[0-9]+")
_NAME_ID = re.compile(r"nm[0-9]+")
_YEAR = re.compile(r"[0-9]{1,4}")
_NUMBER = re.compile(r"[0-9]+")
# Japanese script: kana (hiragana, katakana, half-width katakana), kanji (CJK unified ideographs and
# extension A, compatibility ideographs) and 々; without graph.query's namefold (sources come before query)
_JAPANESE_SCRIPT = re.compile("[\u3040-\u30ff\uff66-\uff9f\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3005]")
_FLUSH = 4096  # lines buffered before a write
_TICK = 65536  # rows between updates of the progress bar

# N-Triples pieces
_A = f"<{RDF_TYPE}>"
_S = SCHEMA_NS
_GYEAR = f"<{XSD_NS}gYear>"
_INTEGER = f"<{XSD_NS}integer>"
_NAME, _ALT, _ID, _SAME = f"<{_S}name>", f"<{_S}alternateName>", f"<{_S}identifier>", f"<{_S}sameAs>"
_ACTOR, _CHAR = f"<{_S}actor>", f"<{_S}characterName>"
_ROLE_TYPE, _PERSON_TYPE = f"<{_S}PerformanceRole>", f"<{_S}Person>"


def _lit(text: str) -> str:
    """A plain (xsd:string) N-Triples literal."""
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"'


def find_file(folder: Path, name: str, required: bool | str = True) -> Path | None:
    """``folder/NAME.tsv`` or ``folder/NAME.tsv.gz``; None when neither exists and not ``required``
    (a string says why it is required)."""
    plain, packed = folder / f"{name}.tsv", folder / f"{name}.tsv.gz"
    found = [p for p in (plain, packed) if p.is_file()]
    if len(found) == 2:
        raise InputError(f"{folder}: both {plain.name} and {packed.name}; keep one")
    if found:
        return found[0]
    if required:
        why = required if isinstance(required, str) else "it is required"
        raise InputError(f"{folder}: no {plain.name} or {packed.name} ({why})")
    return None


class _Out:
    """One N-Triples file (one named graph): lines buffered, counted."""

    def __init__(self, out_dir: Path, name: str, source: Path):
        self.name, self.source = name, source
        self.path = out_dir / f"{name}.nt"
        try:
            self.file = open(self.path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        except OSError as e:
            raise InputError(f"{self.path}: cannot write: {e.strerror or e}") from None
        self.buffer: list[str] = []
        self.triples = 0

    def flush(self):
        if self.buffer:
            try:
                self.file.write("".join(self.buffer))
            except OSError as e:
                raise InputError(f"{self.path}: cannot write: {e.strerror or e}") from None
            self.buffer.clear()

    def close(self) -> dict:
        self.flush()
        try:
            self.file.close()
        except OSError as e:
            raise InputError(f"{self.path}: cannot write: {e.strerror or e}") from None
        return {"graph": GRAPHS[self.name], "path": self.path, "source": self.source, "triples": self.triples}


def _rows(path: Path, name: str, progress: bool, what: str = ""):
    """``(line number, fields)`` of each data row of an IMDb file, its header checked."""
    from ..progress import bar

    where = path.name
    expected = HEADERS[name]
    width = len(expected)
    lineno = 0
    try:
        raw = open(path, "rb", buffering=1 << 20)
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    with raw, bar(os.fstat(raw.fileno()).st_size, f"reading {where}{what}", "B", progress,
                  unit_scale=True, unit_divisor=1024) as shown:
        packed = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.endswith(".gz") else raw
        f = io.TextIOWrapper(packed, encoding="utf-8", newline="\n")
        try:
            for line in f:
                lineno += 1
                if line[-1:] == "\n":
                    line = line[:-2] if line[-2:] == "\r\n" else line[:-1]
                fields = line.split("\t")
                if len(fields) != width:
                    if lineno == 1:
                        _check_header(fields, expected, where)
                    if not line:
                        continue  # a blank line
                    raise ParseError(f"expected {width} fields, found {len(fields)}", where, lineno)
                if lineno == 1:
                    _check_header(fields, expected, where)
                    continue
                if not lineno % _TICK:
                    shown.update(raw.tell() - shown.n)
                yield lineno, fields
        except UnicodeDecodeError:
            raise _bad_utf8(path, where) from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            raise ParseError(f"broken gzip file ({e})", where, lineno + 1) from None
        except OSError as e:
            raise InputError(f"{path}:{lineno + 1}: cannot read: {e.strerror or e}") from None
        if lineno == 0:
            raise ParseError(f"empty file: expected the header {' '.join(expected)}", where, 1)
        shown.update(raw.tell() - shown.n)


def _check_header(fields: list[str], expected: tuple, where: str) -> None:
    if tuple(fields) != expected:
        raise ParseError(f"wrong header: expected the columns {' '.join(expected)}, found {' '.join(fields)}",
                         where, 1)


def _bad_utf8(path: Path, where: str) -> ParseError:
    """The error naming the first line of ``path`` that is not UTF-8 (read again, line by line: the
    fast reading decodes blocks of lines)."""
    packed = path.name.endswith(".gz")
    with (gzip.open(path, "rb") if packed else open(path, "rb")) as f:
        for lineno, data in enumerate(f, 1):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                return ParseError(f"invalid UTF-8 (byte {e.start + 1} of the line)", where, lineno)
    return ParseError("invalid UTF-8", where)


def _year(value: str, column: str, where: str, lineno: int) -> str | None:
    """``value`` as the lexical form of an xsd:gYear (four digits), None for null."""
    if value == NULL:
        return None
    if len(value) == 4 and value.isascii() and value.isdigit():
        return value
    if _YEAR.fullmatch(value):
        return value.zfill(4)
    raise ParseError(f"{column} {value!r} is not a year", where, lineno)


def _number(value: str, column: str, where: str, lineno: int) -> str | None:
    if value == NULL:
        return None
    if _NUMBER.fullmatch(value):
        return str(int(value))
    raise ParseError(f"{column} {value!r} is not a number", where, lineno)


def _check_id(value: str, pattern, column: str, where: str, lineno: int) -> str:
    if not pattern.fullmatch(value):
        kind = "title (tt…)" if pattern is _TITLE_ID else "name (nm…)"
        raise ParseError(f"{column} {value!r} is not an IMDb {kind} id", where, lineno)
    return value


def _characters(value: str, where: str, lineno: int) -> list[str]:
    """The character names of a principal row: a JSON array of strings, or null."""
    if value == NULL:
        return []
    inner = value[2:-2]
    if value.startswith('["') and value.endswith('"]') and "\\" not in inner and '"' not in inner:
        return [inner] if inner else []  # the common case, one plain name, without the JSON parser
    try:
        names = json.loads(value)
    except ValueError:
        raise ParseError(f"characters is not a JSON array: {value}", where, lineno) from None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ParseError(f"characters is not a JSON array of strings: {value}", where, lineno)
    return names


def _check_options(types, categories, region):
    types = (types,) if isinstance(types, str) else tuple(types)
    known = MOVIE_TYPES + SERIES_TYPES
    for t in types:
        if t not in known:
            extra = " (episodes come with the episodes option and title.episode)" if t == "tvEpisode" else ""
            raise UsageError(f"cannot import the IMDb title type {t!r}{extra}; choose among {', '.join(known)}")
    if not types:
        raise UsageError("no IMDb title types to import")
    categories = (categories,) if isinstance(categories, str) else tuple(categories)
    if not categories or not all(c and c.strip() == c for c in categories):
        raise UsageError(f"bad IMDb categories {','.join(categories)!r}: give names such as actor,actress")
    if region is not None and not re.fullmatch(r"[A-Za-z0-9]{1,8}", region):
        raise UsageError(f"bad region {region!r}: give a region of title.akas, such as JP")
    return frozenset(types), frozenset(categories)


def convert(folder, out_dir, *, region: str | None = None, types=DEFAULT_TYPES, categories=DEFAULT_CATEGORIES,
            episodes: bool = False, progress: bool = False) -> dict:
    """Read IMDb's files in ``folder`` and write N-Triples files, one per named graph, into ``out_dir``
    (an existing, empty folder). ``region`` keeps only the titles with a ``title.akas`` row of that region;
    ``types`` are the titleTypes kept (see :data:`MOVIE_TYPES`, :data:`SERIES_TYPES`); ``categories`` the
    principals' categories read as performance roles; ``episodes`` adds the episodes of kept series (with
    ``title.episode``). ``progress`` shows a bar per file read on standard error when it is a terminal.

    Returns ``{"parts": [{"graph", "path", "source", "triples"}, ...], "counts": {...}}``: counts of
    titles (films, tvSeries, episodes), people (unnamedPeople), roles, characterNames, alternateNames,
    genres, the titles skipped (per type), adult and outsideRegion, and the rows read per file.
    """
    keep_types, keep_categories = _check_options(types, categories, region)
    folder, out_dir = Path(folder), Path(out_dir)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder (give the folder holding IMDb's .tsv.gz files)")
    basics_path = find_file(folder, "title.basics")
    principals_path = find_file(folder, "title.principals")
    names_path = find_file(folder, "name.basics")
    akas_path = find_file(folder, "title.akas", "it is required with a region" if region else False)
    episode_path = find_file(folder, "title.episode", False) if episodes else None

    counts = {"titles": 0, "films": 0, "tvSeries": 0, "episodes": 0, "people": 0, "unnamedPeople": 0,
              "roles": 0, "characterNames": 0, "alternateNames": 0, "genres": 0, "skipped": {}, "adult": 0,
              "outsideRegion": 0, "rows": {}}
    skipped = counts["skipped"]

    # pass 0, with a region: the titles with a title.akas row of that region
    in_region = None
    if region is not None:
        in_region = set()
        for _, (tid, _o, _t, reg, *_rest) in _rows(akas_path, "title.akas", progress, f" (region {region})"):
            if reg == region:
                in_region.add(tid)

    outs: dict[str, _Out] = {}
    try:
        # title.basics: the titles kept, by id → their names (to leave out alternate names equal to them)
        basics = outs["title.basics"] = _Out(out_dir, "title.basics", basics_path)
        kept: dict[str, str | tuple] = {}
        series: set[str] = set()
        _read_basics(basics, basics_path, kept, series, keep_types, in_region, episodes and episode_path,
                     counts, progress)
        in_region = None

        if episodes and episode_path is not None:
            _read_episodes(outs, basics, episode_path, basics_path, series, counts, progress)
        series = None

        if akas_path is not None:
            akas = outs["title.akas"] = _Out(out_dir, "title.akas", akas_path)
            _read_akas(akas, akas_path, kept, counts, progress)

        principals = outs["title.principals"] = _Out(out_dir, "title.principals", principals_path)
        people = _read_principals(principals, principals_path, kept, keep_categories, counts, progress)
        kept = None
        counts["people"] = len(people)

        names = outs["name.basics"] = _Out(out_dir, "name.basics", names_path)
        _read_names(names, principals, names_path, people, counts, progress)

        parts = []
        for name in HEADERS:
            if name in outs:
                parts.append(outs.pop(name).close())
    finally:
        for out in outs.values():
            try:
                out.file.close()
            except OSError:
                pass
    counts["titles"] = counts["films"] + counts["tvSeries"] + counts["episodes"]
    counts["skipped"] = dict(sorted(skipped.items()))
    return {"parts": parts, "counts": counts}


def _title_lines(t: str, kind: str, primary: str, original: str, year: str | None, end: str | None,
                 year_property: str, genres: str, tconst: str) -> list[str]:
    lines = [f"{t} {_A} <{_S}{kind}> .\n"]
    if primary != NULL:
        lines.append(f"{t} {_NAME} {_lit(primary)} .\n")
    if original != NULL and original != primary:
        lines.append(f"{t} {_ALT} {_lit(original)} .\n")
    if year is not None:
        lines.append(f'{t} <{_S}{year_property}> "{year}"^^{_GYEAR} .\n')
    if end is not None:
        lines.append(f'{t} <{_S}endDate> "{end}"^^{_GYEAR} .\n')
    if genres != NULL:
        for genre in genres.split(","):
            if genre:
                lines.append(f"{t} <{_S}genre> {_lit(genre)} .\n")
    lines.append(f'{t} {_ID} "{tconst}" .\n')
    lines.append(f"{t} {_SAME} <https://www.imdb.com/title/{tconst}/> .\n")
    return lines


def _names_of(primary: str, original: str):
    return primary if original == primary or original == NULL else (primary, original)


def _read_basics(out: _Out, path: Path, kept: dict, series: set, keep_types, in_region, episodes_later,
                 counts: dict, progress: bool) -> None:
    where = path.name
    skipped = counts["skipped"]
    buffer = out.buffer
    rows = 0
    for lineno, (tconst, ttype, primary, original, adult, start, end, _runtime, genres) in \
            _rows(path, "title.basics", progress):
        rows += 1
        if ttype not in keep_types:
            if ttype == "tvEpisode" and episodes_later:
                continue  # read again once title.episode says which episodes belong to kept series
            skipped[ttype] = skipped.get(ttype, 0) + 1
            continue
        if adult == "1":
            counts["adult"] += 1
            continue
        if in_region is not None and tconst not in in_region:
            counts["outsideRegion"] += 1
            continue
        _check_id(tconst, _TITLE_ID, "tconst", where, lineno)
        if tconst in kept:
            raise ParseError(f"tconst {tconst} is on two rows", where, lineno)
        is_series = ttype in SERIES_TYPES
        year = _year(start, "startYear", where, lineno)
        last = _year(end, "endYear", where, lineno) if is_series else None
        lines = _title_lines(f"<{IMDB}{tconst}>", "TVSeries" if is_series else "Movie", primary, original, year,
                             last, "startDate" if is_series else "datePublished", genres, tconst)
        buffer.extend(lines)
        out.triples += len(lines)
        counts["alternateNames"] += original != NULL and original != primary
        counts["genres"] += 0 if genres == NULL else len([g for g in genres.split(",") if g])
        if is_series:
            counts["tvSeries"] += 1
            series.add(tconst)
        else:
            counts["films"] += 1
        kept[tconst] = _names_of(primary, original)
        if len(buffer) >= _FLUSH:
            out.flush()
    counts["rows"]["title.basics"] = rows
    out.flush()


def _read_episodes(outs: dict, basics: _Out, path: Path, basics_path: Path, series: set, counts: dict,
                   progress: bool) -> None:
    """title.episode (the episodes of kept series), then title.basics again for those episodes' titles."""
    where = path.name
    wanted: dict[str, tuple] = {}
    rows = 0
    for lineno, (tconst, parent, season, number) in _rows(path, "title.episode", progress):
        rows += 1
        if parent in series:
            _check_id(tconst, _TITLE_ID, "tconst", where, lineno)
            wanted[tconst] = (parent, _number(season, "seasonNumber", where, lineno),
                              _number(number, "episodeNumber", where, lineno))
    counts["rows"]["title.episode"] = rows
    out = outs["title.episode"] = _Out(basics.path.parent, "title.episode", path)
    where = basics_path.name
    skipped = counts["skipped"]
    for lineno, (tconst, ttype, primary, original, adult, start, _end, _runtime, genres) in \
            _rows(basics_path, "title.basics", progress, " (episodes)"):
        if ttype != "tvEpisode":
            continue
        facts = wanted.pop(tconst, None)
        if facts is None:
            skipped["tvEpisode"] = skipped.get("tvEpisode", 0) + 1
            continue
        if adult == "1":
            counts["adult"] += 1
            continue
        t = f"<{IMDB}{tconst}>"
        lines = _title_lines(t, "TVEpisode", primary, original, _year(start, "startYear", where, lineno), None,
                             "datePublished", genres, tconst)
        basics.buffer.extend(lines)
        basics.triples += len(lines)
        counts["alternateNames"] += original != NULL and original != primary
        counts["genres"] += 0 if genres == NULL else len([g for g in genres.split(",") if g])
        counts["episodes"] += 1
        parent, season, number = facts
        lines = [f"{t} <{_S}partOfSeries> <{IMDB}{parent}> .\n"]
        if season is not None:
            lines.append(f'{t} <{_S}seasonNumber> "{season}"^^{_INTEGER} .\n')
        if number is not None:
            lines.append(f'{t} <{_S}episodeNumber> "{number}"^^{_INTEGER} .\n')
        out.buffer.extend(lines)
        out.triples += len(lines)
        if len(basics.buffer) >= _FLUSH:
            basics.flush()
            out.flush()
    basics.flush()
    out.flush()


def _read_akas(out: _Out, path: Path, kept: dict, counts: dict, progress: bool) -> None:
    """The alternate names of kept titles. Rows of one title come together (the file is sorted by
    titleId), and the buffer is written out only between titles: a title first given plain and then by
    a Japanese row has its line rewritten in place, tagged. ``names``, per title: each title seen → the
    index of its plain line in the buffer, or -1 when there is nothing more to do (tagged, or the
    title's name or original title)."""
    buffer = out.buffer
    append = buffer.append
    japanese_script = _JAPANESE_SCRIPT.search
    current, names, t = None, None, ""
    rows = written = 0
    for _, (tid, _ordering, title, region, language, *_rest) in _rows(path, "title.akas", progress):
        rows += 1
        if tid != current:
            current = tid
            if len(buffer) >= _FLUSH:
                out.flush()
            primary = kept.get(tid)
            if primary is None:
                names = None
            else:
                names = dict.fromkeys(primary, -1) if isinstance(primary, tuple) else {primary: -1}
                t = f"<{IMDB}{tid}>"
        if names is None or title == NULL:
            continue
        at = names.get(title)
        if at == -1:
            continue
        if language == "ja" or (region == "JP" and language == NULL):
            # kana or kanji: @ja; else romanised, @ja-Latn (an ASCII title has neither: no regex)
            tag = "@ja" if not title.isascii() and japanese_script(title) else "@ja-Latn"
            line = f"{t} {_ALT} {_lit(title)}{tag} .\n"
            if at is None:
                append(line)
                written += 1
            else:
                buffer[at] = line  # given plain by an earlier row, Japanese by this one
            names[title] = -1
        elif at is None:
            names[title] = len(buffer)
            append(f"{t} {_ALT} {_lit(title)} .\n")
            written += 1
    out.triples += written
    counts["alternateNames"] += written
    counts["rows"]["title.akas"] = rows
    out.flush()


def _read_principals(out: _Out, path: Path, kept: dict, categories, counts: dict, progress: bool) -> set:
    where = path.name
    buffer = out.buffer
    append = buffer.append
    people: set[str] = set()
    add_person = people.add
    rows = roles = characters = 0
    # the pieces of a role's triples, bound here (the loop runs once per row of the biggest file)
    node, role = f"<{IMDB}", f"<{IMDB}role/"
    has_actor, is_role, names_char = f"> {_ACTOR} ", f"> {_A} {_ROLE_TYPE} .\n", f"> {_CHAR} "
    for lineno, (tconst, ordering, nconst, category, _job, chars) in _rows(path, "title.principals", progress):
        rows += 1
        if category not in categories or tconst not in kept:
            continue
        if len(buffer) >= _FLUSH:
            out.flush()
        if nconst not in people:
            _check_id(nconst, _NAME_ID, "nconst", where, lineno)
            add_person(nconst)
        if not (ordering.isascii() and ordering.isdigit()):
            raise ParseError(f"ordering {ordering!r} is not a number", where, lineno)
        t, p = node + tconst, f"{node}{nconst}> .\n"
        names = _characters(chars, where, lineno)
        if len(names) == 1 and names[0]:
            r = f"{role}{tconst}-{ordering}-1"
            append(f"{t}{has_actor}{r}> .\n{r}{is_role}{r}{has_actor}{p}{r}{names_char}{_lit(names[0])} .\n")
            roles += 1
            characters += 1
            continue
        done = set()
        for k, name in enumerate(names, 1):
            if not name or name in done:
                continue
            done.add(name)
            r = f"{role}{tconst}-{ordering}-{k}"
            append(f"{t}{has_actor}{r}> .\n{r}{is_role}{r}{has_actor}{p}{r}{names_char}{_lit(name)} .\n")
            roles += 1
            characters += 1
        if not done:  # no character (or only empty names): a role without a character name
            r = f"{role}{tconst}-{ordering}"
            append(f"{t}{has_actor}{r}> .\n{r}{is_role}{r}{has_actor}{p}")
            roles += 1
    counts["rows"]["title.principals"] = rows
    counts["roles"] += roles
    counts["characterNames"] += characters
    out.triples += 3 * roles + characters
    out.flush()
    return people


def _person_lines(p: str, nconst: str) -> list[str]:
    return [f"{p} {_A} {_PERSON_TYPE} .\n", f'{p} {_ID} "{nconst}" .\n',
            f"{p} {_SAME} <https://www.imdb.com/name/{nconst}/> .\n"]


def _read_names(out: _Out, principals: _Out, path: Path, people: set, counts: dict, progress: bool) -> None:
    """name.basics for the people of kept roles; those it lacks get their type and ids in the principals'
    graph (the file that names them), and no name. ``people`` is emptied."""
    where = path.name
    buffer = out.buffer
    rows = 0
    for lineno, (nconst, name, birth, death, *_rest) in _rows(path, "name.basics", progress):
        rows += 1
        if nconst not in people:
            continue
        people.discard(nconst)
        p = f"<{IMDB}{nconst}>"
        lines = _person_lines(p, nconst)
        if name != NULL:
            lines.append(f"{p} {_NAME} {_lit(name)} .\n")
        else:
            counts["unnamedPeople"] += 1
        born, died = _year(birth, "birthYear", where, lineno), _year(death, "deathYear", where, lineno)
        if born is not None:
            lines.append(f'{p} <{_S}birthDate> "{born}"^^{_GYEAR} .\n')
        if died is not None:
            lines.append(f'{p} <{_S}deathDate> "{died}"^^{_GYEAR} .\n')
        buffer.extend(lines)
        out.triples += len(lines)
        if len(buffer) >= _FLUSH:
            out.flush()
    counts["rows"]["name.basics"] = rows
    out.flush()
    counts["unnamedPeople"] += len(people)
    for nconst in sorted(people):
        lines = _person_lines(f"<{IMDB}{nconst}>", nconst)
        principals.buffer.extend(lines)
        principals.triples += len(lines)
    people.clear()
    principals.flush()
