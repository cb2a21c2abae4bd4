"""The IMDb importer (graph/sources/imdb.py) and IMDb-format synthetic files (graph/sources/synth.generate_imdb): small TSV
files written here → convert → the parts loaded into a pyoxigraph store → exact SPARQL answers."""

from __future__ import annotations

import gzip
import hashlib

import pyoxigraph as ox
import pytest

from graph.errors import InputError, ParseError, UsageError
from graph.sources.imdb import GRAPHS, HEADERS, convert
from graph.rdf.iris import GRAPH_IMPORT, IMDB
from graph.sources.synth import generate_imdb

N = "\\N"
PREFIXES = "PREFIX schema: <https://schema.org/> PREFIX imdb: <https://w3id.org/dramagraph/imdb/> "

# The article's Koizora film (2007; Yui Aragaki and Haruma Miura as Mika Tahara and Hiroki Sakurai), with
# ids in a synthetic range, and around it the cases the importer must handle.
BASICS = [
    ["tt9100001", "movie", "Koizora", "Koizora", "0", "2007", N, "129", "Drama,Romance"],
    ["tt9100002", "tvSeries", "Koizora", "Koizora", "0", "2008", "2008", N, "Drama"],
    ["tt9100003", "videoGame", "Koizora: The Game", "Koizora: The Game", "0", "2009", N, N, N],
    ["tt9100004", "movie", "Grown-ups Only", "Grown-ups Only", "1", "2010", N, N, N],
    ["tt9100005", "short", "Sky Short", "Sky Short", "0", "2011", N, "9", N],
    ["tt9100006", "tvEpisode", "Episode One", "Episode One", "0", "2008", N, N, "Drama"],
    ["tt9100007", "tvMiniSeries", 'One Litre of "Tears"', "1リットルの涙", "0", "2005", N, N, N],
]
PRINCIPALS = [
    ["tt9100001", "1", "nm9100001", "actress", N, '["Mika Tahara"]'],
    ["tt9100001", "2", "nm9100002", "actor", N, '["Hiroki Sakurai"]'],
    ["tt9100001", "3", "nm9100003", "director", N, N],
    ["tt9100001", "4", "nm9100004", "actress", N, '["Aya","Ayà Ikeuchi"]'],
    ["tt9100001", "5", "nm9100005", "actor", N, N],
    ["tt9100003", "1", "nm9100002", "actor", N, '["Hiro"]'],
    ["tt9100006", "1", "nm9100002", "actor", N, '["Hiro"]'],
    ["tt9100007", "1", "nm9100004", "actress", N, '["Aya Ikeuchi"]'],
    ["tt9100007", "2", "nm9100002", "actor", N, '["Haruto \\"Haru\\" Asō"]'],
]
NAMES = [
    ["nm9100001", "Yui Aragaki", "1988", N, "actress", "tt9100001"],
    ["nm9100002", "Haruma Miura", "1990", "2020", "actor", "tt9100001,tt9100007"],
    ["nm9100003", "Natsuki Imai", "1981", N, "director", "tt9100001"],
    ["nm9100004", "Erika Sawajiri", "1986", N, "actress", "tt9100007"],
    ["nm9100006", "Somebody Else", N, N, "actor", N],
]
# Japanese rows (language ja, or region JP without a language) give tagged names: @ja in kana or kanji,
# @ja-Latn romanised; region JP in English, or kanji in a Chinese row, stay plain
AKAS = [
    ["tt9100001", "1", "Koizora", "JP", "ja", "imdbDisplay", N, "0"],  # its name: not an alternate one
    ["tt9100001", "2", "Sky of Love", "XWW", "en", "imdbDisplay", N, "0"],
    ["tt9100001", "3", "Sky of Love", "US", "en", N, N, "0"],
    ["tt9100001", "4", "恋空", "JP", "ja", "original", N, "1"],
    ["tt9100001", "5", "Sky of Love", "JP", "en", N, N, "0"],
    ["tt9100001", "6", "Koizora: Setsunai Koi no Monogatari", "JP", N, N, N, "0"],
    ["tt9100002", "1", "Koizora", "KR", N, N, N, "0"],
    ["tt9100002", "2", "恋空", "TW", "zh", N, N, "0"],
    ["tt9100002", "3", "コイゾラ", "XWW", "ja", N, N, "0"],
    ["tt9100007", "1", "1 Litre of Tears", "XWW", "en", N, N, "0"],
    ["tt9100007", "2", "1リットルの涙", "JP", "ja", N, N, "1"],  # its original title: already a (plain) name
    ["tt9100007", "3", "Ichi Rittoru no Namida", "XWW", "en", N, N, "0"],
    ["tt9100007", "4", "Ichi Rittoru no Namida", "JP", N, "imdbDisplay", N, "0"],  # the same, Japanese: tagged
]
EPISODES = [["tt9100006", "tt9100002", "1", "1"]]


def write_tsv(path, name, rows, header=None):
    text = "\n".join("\t".join(r) for r in [header or list(HEADERS[name]), *rows]) + "\n"
    if str(path).endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8", newline="\n") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")


def write_imdb(folder, gz=False, **tables):
    """IMDb's files in ``folder``: the fixture's unless given (None leaves a file out)."""
    folder.mkdir(exist_ok=True)
    given = {"title.basics": BASICS, "title.principals": PRINCIPALS, "name.basics": NAMES, "title.akas": AKAS,
             "title.episode": EPISODES}
    for key, rows in tables.items():
        given[key.replace("_", ".")] = rows
    for name, rows in given.items():
        if rows is not None:
            write_tsv(folder / f"{name}.tsv{'.gz' if gz else ''}", name, rows)
    return folder


def run(tmp_path, folder=None, **options):
    folder = folder or write_imdb(tmp_path / "imdb")
    out = tmp_path / "out"
    out.mkdir(parents=True)
    return convert(folder, out, **options)


def load(result) -> ox.Store:
    store = ox.Store()
    for part in result["parts"]:
        store.bulk_load(path=str(part["path"]), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(part["graph"]))
    return store


def select(store, query) -> list[tuple]:
    """Rows as tuples of strings: IRIs under imdb: shortened to ``imdb:…``, literals as their value
    (``value@lang`` with a language tag, ``value^^type`` for a typed literal other than xsd:string)."""
    def show(term):
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return term.value.replace(IMDB, "imdb:").replace("https://schema.org/", "schema:")
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value.endswith("#string"):
            return term.value
        return f"{term.value}^^{term.datatype.value.rsplit('#', 1)[1]}"

    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return sorted(tuple(show(s[v]) for v in solutions.variables) for s in solutions)


@pytest.fixture
def koizora(tmp_path):
    result = run(tmp_path)
    return result, load(result)


def test_titles_with_kinds_names_and_years(koizora):
    _, store = koizora
    assert select(store, """SELECT ?t ?kind ?name ?year ?end WHERE { VALUES ?kind { schema:Movie schema:TVSeries }
        ?t a ?kind ; schema:name ?name .
        OPTIONAL { ?t schema:datePublished|schema:startDate ?year } OPTIONAL { ?t schema:endDate ?end } }""") == [
        ("imdb:tt9100001", "schema:Movie", "Koizora", "2007^^gYear", None),
        ("imdb:tt9100002", "schema:TVSeries", "Koizora", "2008^^gYear", "2008^^gYear"),
        ("imdb:tt9100007", "schema:TVSeries", 'One Litre of "Tears"', "2005^^gYear", None),
    ]
    assert select(store, "SELECT DISTINCT ?t ?p WHERE { ?t a schema:Movie ; ?p [] }") == sorted(
        [("imdb:tt9100001", f"schema:{p}") for p in
         ["alternateName", "actor", "datePublished", "genre", "identifier", "name", "sameAs"]] + [
        ("imdb:tt9100001", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")])
    assert select(store, "SELECT ?g WHERE { imdb:tt9100001 schema:genre ?g }") == [("Drama",), ("Romance",)]
    assert select(store, "SELECT ?id ?same WHERE { imdb:tt9100001 schema:identifier ?id ; schema:sameAs ?same }") \
        == [("tt9100001", "https://www.imdb.com/title/tt9100001/")]


def test_roles_people_and_character_names(koizora):
    _, store = koizora
    assert select(store, """SELECT ?t ?role ?person ?character WHERE { ?t schema:actor ?role .
        ?role a schema:PerformanceRole ; schema:actor ?person . OPTIONAL { ?role schema:characterName ?character } }""") \
        == [
        ("imdb:tt9100001", "imdb:role/tt9100001-1-1", "imdb:nm9100001", "Mika Tahara"),
        ("imdb:tt9100001", "imdb:role/tt9100001-2-1", "imdb:nm9100002", "Hiroki Sakurai"),
        ("imdb:tt9100001", "imdb:role/tt9100001-4-1", "imdb:nm9100004", "Aya"),
        ("imdb:tt9100001", "imdb:role/tt9100001-4-2", "imdb:nm9100004", "Ayà Ikeuchi"),
        ("imdb:tt9100001", "imdb:role/tt9100001-5", "imdb:nm9100005", None),
        ("imdb:tt9100007", "imdb:role/tt9100007-1-1", "imdb:nm9100004", "Aya Ikeuchi"),
        ("imdb:tt9100007", "imdb:role/tt9100007-2-1", "imdb:nm9100002", 'Haruto "Haru" Asō'),
    ]
    # the article's question: who played whom in Koizora
    assert select(store, """SELECT ?actor ?character WHERE { ?t schema:name "Koizora" ; a schema:Movie ;
        schema:actor [ schema:actor [ schema:name ?actor ] ; schema:characterName ?character ] }""") == [
        ("Erika Sawajiri", "Aya"), ("Erika Sawajiri", "Ayà Ikeuchi"), ("Haruma Miura", "Hiroki Sakurai"),
        ("Yui Aragaki", "Mika Tahara")]
    # shared actors between imported titles
    assert select(store, """SELECT DISTINCT ?a ?b ?name WHERE { ?a schema:actor/schema:actor ?p .
        ?b schema:actor/schema:actor ?p . ?p schema:name ?name FILTER(STR(?a) < STR(?b)) }""") == [
        ("imdb:tt9100001", "imdb:tt9100007", "Erika Sawajiri"), ("imdb:tt9100001", "imdb:tt9100007", "Haruma Miura")]


def test_people_only_those_of_kept_roles(koizora):
    _, store = koizora
    assert select(store, """SELECT ?p ?name ?born ?died ?id ?same WHERE { ?p a schema:Person ;
        schema:identifier ?id ; schema:sameAs ?same . OPTIONAL { ?p schema:name ?name }
        OPTIONAL { ?p schema:birthDate ?born } OPTIONAL { ?p schema:deathDate ?died } }""") == [
        ("imdb:nm9100001", "Yui Aragaki", "1988^^gYear", None, "nm9100001", "https://www.imdb.com/name/nm9100001/"),
        ("imdb:nm9100002", "Haruma Miura", "1990^^gYear", "2020^^gYear", "nm9100002",
         "https://www.imdb.com/name/nm9100002/"),
        ("imdb:nm9100004", "Erika Sawajiri", "1986^^gYear", None, "nm9100004",
         "https://www.imdb.com/name/nm9100004/"),
        ("imdb:nm9100005", None, None, None, "nm9100005", "https://www.imdb.com/name/nm9100005/"),
    ]


def test_alternate_names_from_original_title_and_akas(koizora):
    result, store = koizora
    assert select(store, "SELECT ?t ?alt WHERE { ?t schema:alternateName ?alt }") == [
        ("imdb:tt9100001", "Koizora: Setsunai Koi no Monogatari@ja-latn"), ("imdb:tt9100001", "Sky of Love"),
        ("imdb:tt9100001", "恋空@ja"),
        ("imdb:tt9100002", "コイゾラ@ja"), ("imdb:tt9100002", "恋空"),
        ("imdb:tt9100007", "1 Litre of Tears"), ("imdb:tt9100007", "1リットルの涙"),
        ("imdb:tt9100007", "Ichi Rittoru no Namida@ja-latn"),
    ]
    # the original title is in title.basics' graph, the akas in title.akas': these exact triples, one per
    # title and text, in the order of the rows (names are not told apart by their tag: one "Sky of Love")
    akas = next(p for p in result["parts"] if p["graph"] == GRAPHS["title.akas"])
    alt = "<https://schema.org/alternateName>"
    assert akas["path"].read_text(encoding="utf-8").splitlines() == [
        f'<{IMDB}tt9100001> {alt} "Sky of Love" .',
        f'<{IMDB}tt9100001> {alt} "恋空"@ja .',
        f'<{IMDB}tt9100001> {alt} "Koizora: Setsunai Koi no Monogatari"@ja-Latn .',
        f'<{IMDB}tt9100002> {alt} "恋空" .',
        f'<{IMDB}tt9100002> {alt} "コイゾラ"@ja .',
        f'<{IMDB}tt9100007> {alt} "1 Litre of Tears" .',
        f'<{IMDB}tt9100007> {alt} "Ichi Rittoru no Namida"@ja-Latn .']


def test_parts_graphs_and_counts(koizora, tmp_path):
    result, store = koizora
    assert [(p["graph"], p["path"].name, p["source"].name, p["triples"]) for p in result["parts"]] == [
        (GRAPH_IMPORT + "imdb/title.basics", "title.basics.nt", "title.basics.tsv", 20),
        (GRAPH_IMPORT + "imdb/title.akas", "title.akas.nt", "title.akas.tsv", 7),
        (GRAPH_IMPORT + "imdb/title.principals", "title.principals.nt", "title.principals.tsv", 30),
        (GRAPH_IMPORT + "imdb/name.basics", "name.basics.nt", "name.basics.tsv", 16),
    ]
    assert len(store) == 20 + 7 + 30 + 16  # no triple twice
    assert result["counts"] == {
        "titles": 3, "films": 1, "tvSeries": 2, "episodes": 0, "people": 4, "unnamedPeople": 1, "roles": 7,
        "characterNames": 6, "alternateNames": 8, "genres": 3,
        "skipped": {"short": 1, "tvEpisode": 1, "videoGame": 1}, "adult": 1, "outsideRegion": 0,
        "rows": {"title.basics": 7, "title.akas": 13, "title.principals": 9, "name.basics": 5}}
    # the person missing from name.basics: typed and identified in the graph of the file naming it
    assert select(store, f"""SELECT ?p WHERE {{ GRAPH <{GRAPHS['title.principals']}> {{ ?p a schema:Person }} }}""") \
        == [("imdb:nm9100005",)]


def test_region_keeps_titles_with_an_aka_of_that_region(tmp_path):
    result = run(tmp_path, region="JP")
    store = load(result)
    assert select(store, "SELECT ?t WHERE { VALUES ?kind { schema:Movie schema:TVSeries } ?t a ?kind }") == [
        ("imdb:tt9100001",), ("imdb:tt9100007",)]
    assert result["counts"]["outsideRegion"] == 1
    kr = run(tmp_path / "kr", write_imdb(tmp_path / "kr-files"), region="KR")
    assert select(load(kr), "SELECT ?t ?name WHERE { ?t schema:name ?name }") == [("imdb:tt9100002", "Koizora")]
    assert kr["counts"]["outsideRegion"] == 2
    assert kr["counts"]["roles"] == 0 and kr["counts"]["people"] == 0


def test_region_needs_akas(tmp_path):
    folder = write_imdb(tmp_path / "imdb", title_akas=None)
    with pytest.raises(InputError) as e:
        run(tmp_path, folder, region="JP")
    assert str(e.value) == f"{folder}: no title.akas.tsv or title.akas.tsv.gz (it is required with a region)"
    result = run(tmp_path / "no-region", folder)  # without a region, akas are optional
    assert [p["graph"] for p in result["parts"]] == [GRAPHS[n] for n in
                                                       ("title.basics", "title.principals", "name.basics")]
    assert result["counts"]["alternateNames"] == 1  # the original title only


def test_types_and_categories(tmp_path):
    result = run(tmp_path, types=("short", "tvMiniSeries"), categories=("director", "actress"))
    store = load(result)
    assert select(store, "SELECT ?t ?kind ?name WHERE { ?t a ?kind ; schema:name ?name }") == [
        ("imdb:nm9100004", "schema:Person", "Erika Sawajiri"),
        ("imdb:tt9100005", "schema:Movie", "Sky Short"),
        ("imdb:tt9100007", "schema:TVSeries", 'One Litre of "Tears"'),
    ]
    assert result["counts"]["skipped"] == {"movie": 2, "tvEpisode": 1, "tvSeries": 1, "videoGame": 1}
    assert result["counts"]["adult"] == 0  # the adult film is a movie, not asked for: skipped as one
    director = run(tmp_path / "d", write_imdb(tmp_path / "d-files"), categories=("director",))
    assert select(load(director), """SELECT ?role ?name WHERE { ?t schema:actor ?role . ?role schema:actor ?p .
        ?p schema:name ?name FILTER NOT EXISTS { ?role schema:characterName [] } }""") == [
        ("imdb:role/tt9100001-3", "Natsuki Imai")]


@pytest.mark.parametrize("types, message", [
    (("videoGame",), "cannot import the IMDb title type 'videoGame'; choose among movie, tvMovie, video, short, "
                     "tvShort, tvSpecial, tvSeries, tvMiniSeries"),
    (("tvEpisode",), "cannot import the IMDb title type 'tvEpisode' (episodes come with the episodes option and "
                     "title.episode); choose among movie, tvMovie, video, short, tvShort, tvSpecial, tvSeries, "
                     "tvMiniSeries"),
    ((), "no IMDb title types to import"),
])
def test_unknown_types_are_usage_errors(tmp_path, types, message):
    with pytest.raises(UsageError) as e:
        run(tmp_path, types=types)
    assert str(e.value) == message


def test_episodes_of_kept_series(tmp_path):
    result = run(tmp_path, episodes=True)
    store = load(result)
    assert select(store, """SELECT ?e ?name ?year ?series ?season ?number WHERE { ?e a schema:TVEpisode ;
        schema:name ?name ; schema:datePublished ?year ; schema:partOfSeries ?series ;
        schema:seasonNumber ?season ; schema:episodeNumber ?number }""") == [
        ("imdb:tt9100006", "Episode One", "2008^^gYear", "imdb:tt9100002", "1^^integer", "1^^integer")]
    assert result["counts"]["episodes"] == 1 and result["counts"]["titles"] == 4
    assert "tvEpisode" not in result["counts"]["skipped"]
    assert result["parts"][-1]["graph"] == GRAPHS["title.episode"] and result["parts"][-1]["triples"] == 3
    # an episode's cast is not read (a cast belongs to a film or a series)
    assert select(store, "SELECT ?r WHERE { imdb:tt9100006 schema:actor ?r }") == []
    # without the series, no episode
    alone = run(tmp_path / "alone", write_imdb(tmp_path / "alone-files"), episodes=True, types=("movie",))
    assert alone["counts"]["episodes"] == 0 and alone["counts"]["skipped"]["tvEpisode"] == 1


def test_gzip_input_gives_the_same_triples(tmp_path, koizora):
    result, store = koizora
    packed = run(tmp_path / "gz", write_imdb(tmp_path / "gz-files", gz=True))
    assert [p["source"].name for p in packed["parts"]] == [
        "title.basics.tsv.gz", "title.akas.tsv.gz", "title.principals.tsv.gz", "name.basics.tsv.gz"]
    assert [p["path"].read_bytes() for p in packed["parts"]] == [p["path"].read_bytes() for p in result["parts"]]
    assert packed["counts"] == result["counts"]


def test_both_plain_and_gzip_is_an_error(tmp_path):
    folder = write_imdb(tmp_path / "imdb")
    write_tsv(folder / "name.basics.tsv.gz", "name.basics", NAMES)
    with pytest.raises(InputError) as e:
        run(tmp_path, folder)
    assert str(e.value) == f"{folder}: both name.basics.tsv and name.basics.tsv.gz; keep one"


def _short(rows, k, n):
    return [r[:n] if i == k else r for i, r in enumerate(rows)]


@pytest.mark.parametrize("file, rows, message", [
    ("title.principals", _short(PRINCIPALS, 2, 5), "title.principals.tsv:4: expected 6 fields, found 5"),
    ("title.basics", [*BASICS, BASICS[0] + ["extra"]], "title.basics.tsv:9: expected 9 fields, found 10"),
    ("title.principals", [["tt9100001", "1", "nm9100001", "actress", N, '["Mika Tahara"']],
     'title.principals.tsv:2: characters is not a JSON array: ["Mika Tahara"'),
    ("title.principals", [["tt9100001", "1", "nm9100001", "actress", N, '{"name": "Mika"}']],
     'title.principals.tsv:2: characters is not a JSON array of strings: {"name": "Mika"}'),
    ("title.principals", [["tt9100001", "x", "nm9100001", "actress", N, N]],
     "title.principals.tsv:2: ordering 'x' is not a number"),
    ("title.principals", [["tt9100001", "1", "9100001", "actress", N, N]],
     "title.principals.tsv:2: nconst '9100001' is not an IMDb name (nm…) id"),
    ("title.basics", [["x9100001", "movie", "A", "A", "0", "2007", N, N, N]],
     "title.basics.tsv:2: tconst 'x9100001' is not an IMDb title (tt…) id"),
    ("title.basics", [["tt9100001", "movie", "A", "A", "0", "two thousand", N, N, N]],
     "title.basics.tsv:2: startYear 'two thousand' is not a year"),
    ("title.basics", [BASICS[0], BASICS[0]], "title.basics.tsv:3: tconst tt9100001 is on two rows"),
    ("name.basics", [["nm9100001", "Yui Aragaki", "1988?", N, N, N]],
     "name.basics.tsv:2: birthYear '1988?' is not a year"),
    ("title.episode", [["tt9100006", "tt9100002", "one", "1"]],
     "title.episode.tsv:2: seasonNumber 'one' is not a number"),
])
def test_bad_rows(tmp_path, file, rows, message):
    folder = write_imdb(tmp_path / "imdb", **{file.replace(".", "_"): rows})
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder, episodes=True)
    assert str(e.value) == message


def test_wrong_header(tmp_path):
    folder = write_imdb(tmp_path / "imdb")
    write_tsv(folder / "title.principals.tsv", "title.principals", PRINCIPALS,
              header=["tconst", "ordering", "nconst", "category", "characters"])
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder)
    assert str(e.value) == ("title.principals.tsv:1: wrong header: expected the columns tconst ordering nconst "
                            "category job characters, found tconst ordering nconst category characters")


def test_empty_file(tmp_path):
    folder = write_imdb(tmp_path / "imdb")
    (folder / "name.basics.tsv").write_bytes(b"")
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder)
    assert str(e.value) == ("name.basics.tsv:1: empty file: expected the header nconst primaryName birthYear "
                            "deathYear primaryProfession knownForTitles")


@pytest.mark.parametrize("missing", ["title.basics", "title.principals", "name.basics"])
def test_missing_required_file(tmp_path, missing):
    folder = write_imdb(tmp_path / "imdb", **{missing.replace(".", "_"): None})
    with pytest.raises(InputError) as e:
        run(tmp_path, folder)
    assert str(e.value) == f"{folder}: no {missing}.tsv or {missing}.tsv.gz (it is required)"


def test_not_a_folder(tmp_path):
    with pytest.raises(InputError) as e:
        run(tmp_path, tmp_path / "nowhere")
    assert str(e.value) == f"{tmp_path / 'nowhere'}: not a folder (give the folder holding IMDb's .tsv.gz files)"


def test_bad_utf8_names_its_line(tmp_path):
    folder = write_imdb(tmp_path / "imdb")
    data = (folder / "name.basics.tsv").read_bytes().replace("Erika".encode(), b"Er\xffka")
    (folder / "name.basics.tsv").write_bytes(data)
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder)
    assert str(e.value) == "name.basics.tsv:5: invalid UTF-8 (byte 13 of the line)"


def test_broken_gzip(tmp_path):
    folder = write_imdb(tmp_path / "imdb", gz=True)
    whole = (folder / "title.principals.tsv.gz").read_bytes()
    (folder / "title.principals.tsv.gz").write_bytes(whole[: len(whole) - 12])  # cut before the end
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder)
    # its nine rows were read: the file breaks after them
    assert str(e.value) == ("title.principals.tsv.gz:11: broken gzip file (Compressed file ended before the "
                            "end-of-stream marker was reached)")
    (folder / "title.principals.tsv.gz").write_bytes(b"not gzip at all\n")
    with pytest.raises(ParseError) as e:
        run(tmp_path / "again", folder)
    assert str(e.value) == "title.principals.tsv.gz:1: broken gzip file (Not a gzipped file (b'no'))"


def test_a_long_file_broken_midway_names_the_line(tmp_path):
    rows = [["tt9100001", str(k), f"nm9{k:06d}", "actor", N, f'["Role {k}"]'] for k in range(1, 200001)]
    folder = write_imdb(tmp_path / "imdb", gz=True, title_principals=rows)
    whole = (folder / "title.principals.tsv.gz").read_bytes()
    (folder / "title.principals.tsv.gz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ParseError) as e:
        run(tmp_path, folder)
    where, line, message = str(e.value).split(":", 2)
    assert where == "title.principals.tsv.gz" and 1 < int(line) < 200002
    assert message == " broken gzip file (Compressed file ended before the end-of-stream marker was reached)"


# ------------------------------------------------------------------ the IMDb-format synthetic files
def test_synth_imdb_round_trip(tmp_path):
    (tmp_path / "a").mkdir()
    written = generate_imdb(tmp_path / "a", 200, seed=1)
    assert written == {"rows": {"title.basics": 20, "title.akas": 49, "title.principals": 200, "name.basics": 38,
                                "title.episode": 2}, "titles": 20, "principals": 200, "people": 38}
    result = run(tmp_path, tmp_path / "a", episodes=True)
    assert result["counts"] == {
        "titles": 14, "films": 7, "tvSeries": 5, "episodes": 2, "people": 21, "unnamedPeople": 1, "roles": 97,
        "characterNames": 92, "alternateNames": 16, "genres": 15,
        "skipped": {"short": 2, "tvEpisode": 1, "video": 1, "videoGame": 1}, "adult": 1, "outsideRegion": 0,
        "rows": written["rows"]}
    store = load(result)
    assert len(store) == sum(p["triples"] for p in result["parts"]) == 586
    assert select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r a schema:PerformanceRole }") == [("97^^integer",)]
    assert select(store, """SELECT ?t ?name WHERE { ?t schema:name ?name FILTER(CONTAINS(?name, '"')) }""") == [
        ("imdb:tt90000007", 'The "Last" Title 7')]
    # the second character of two-character rows, accented
    assert select(store, """SELECT (COUNT(*) AS ?n) WHERE { ?r schema:characterName ?c
        FILTER(STRSTARTS(?c, "Mikà ") && STRENDS(STR(?r), "-2")) }""") == [("6^^integer",)]
    assert select(store, """SELECT ?e ?series ?season ?number WHERE { ?e schema:partOfSeries ?series
        OPTIONAL { ?e schema:seasonNumber ?season } OPTIONAL { ?e schema:episodeNumber ?number } }""") == [
        ("imdb:tt90000009", "imdb:tt90000005", None, None),
        ("imdb:tt90000018", "imdb:tt90000014", "2^^integer", "2^^integer")]
    jp = run(tmp_path / "jp", tmp_path / "a", region="JP")
    assert (jp["counts"]["titles"], jp["counts"]["outsideRegion"]) == (6, 6)
    # the kept titles' alternate names from every region (the same name twice in akas gives one); every
    # third title has a synthetic Japanese title (kanji and hiragana, katakana, hiragana by turns) and
    # its Hepburn form
    assert select(load(jp), "SELECT ?t ?alt WHERE { ?t schema:alternateName ?alt }") == [
        ("imdb:tt90000000", "Sora no Dobokumo 0@ja-latn"), ("imdb:tt90000000", "空のどぼくも 0@ja"),
        ("imdb:tt90000003", "Debama 3@ja-latn"), ("imdb:tt90000003", "デバマ 3@ja"),
        ("imdb:tt90000006", "Guyatoha 6@ja-latn"), ("imdb:tt90000006", "ぐやとは 6@ja"),
        ("imdb:tt90000011", "Also Known As 11"), ("imdb:tt90000011", "恋空 11@ja"), ("imdb:tt90000014", "恋空 14@ja"),
        ("imdb:tt90000015", "Hirore 15@ja-latn"), ("imdb:tt90000015", "ひろれ 15@ja"), ("imdb:tt90000015", "恋空 15@ja")]


def test_synth_imdb_japanese_titles_and_their_hepburn_forms(tmp_path):
    import re

    import jaconv

    generate_imdb(tmp_path, 3000, seed=5)
    rows = [line.split("\t") for line in (tmp_path / "title.akas.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    japanese = [(r[0], r[2]) for r in rows if r[3:5] == ["JP", "ja"] and not r[2].startswith("恋空 ")]
    romaji = {r[0]: r[2] for r in rows if r[3:5] == ["JP", N]}
    assert len(japanese) == len(romaji) == 100  # every third of the 300 titles
    assert {int(tid[2:]) - 90000000 for tid, _ in japanese} == set(range(0, 300, 3))
    kinds = {"kanji": 0, "katakana": 0, "hiragana": 0}
    for tid, title in japanese:
        text, number = title.rsplit(" ", 1)
        assert number == str(int(tid[2:]) - 90000000) and romaji[tid].endswith(f" {number}")
        if re.search("[\u4e00-\u9fff]", text):
            kinds["kanji"] += 1
            kanji, word = text.split("の")
            assert romaji[tid].split(" no ")[1] == f"{jaconv.kana2alphabet(word).capitalize()} {number}"
        else:
            kinds["katakana" if re.fullmatch("[\u30a0-\u30ff]+", text) else "hiragana"] += 1
            assert romaji[tid] == f"{jaconv.kana2alphabet(jaconv.kata2hira(text)).capitalize()} {number}"
    assert kinds == {"kanji": 34, "katakana": 33, "hiragana": 33}


def test_synth_imdb_is_deterministic_and_gzip_holds_the_same_rows(tmp_path):
    for name, seed, gz in (("a", 3, False), ("b", 3, False), ("c", 4, False), ("z", 3, True)):
        (tmp_path / name).mkdir()
        generate_imdb(tmp_path / name, 300, seed=seed, gz=gz)

    def digest(folder, suffix=".tsv"):
        return hashlib.sha256(b"".join((folder / f"{n}{suffix}").read_bytes() for n in HEADERS)).hexdigest()

    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")
    assert hashlib.sha256(b"".join(gzip.decompress((tmp_path / "z" / f"{n}.tsv.gz").read_bytes())
                                   for n in HEADERS)).hexdigest() == digest(tmp_path / "a")
    assert (tmp_path / "z" / "title.basics.tsv.gz").read_bytes() == \
        (generate_imdb(tmp_path / "c", 300, seed=3, gz=True) and (tmp_path / "c" / "title.basics.tsv.gz").read_bytes())


# ------------------------------------------------------------------ through the CLI
IMPORTED = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o }
    FILTER(STRSTARTS(STR(?g), "https://w3id.org/dramagraph/graph/import/imdb")) } ORDER BY ?g ?s ?p ?o"""


def test_cli_import_then_a_bad_file_leaves_the_store_as_it_was(cli, tmp_path):
    folder, store = write_imdb(tmp_path / "imdb"), str(tmp_path / "store")
    code, out, err = cli("import", "imdb", str(folder), "--store", store)
    assert code == 0, err
    assert out.splitlines()[0] == (f"imported into {store} ({GRAPH_IMPORT}imdb): titles 3, films 1, tvSeries 2, "
                                   "people 4, unnamedPeople 1, roles 7, characterNames 6, alternateNames 8, "
                                   "genres 3, adult 1")
    code, cast, err = cli("sparql", "--store", store, "--format", "csv", PREFIXES + """SELECT ?actor ?character
        WHERE { ?t schema:identifier "tt9100001" ; schema:actor [ schema:actor [ schema:name ?actor ] ;
        schema:characterName ?character ] } ORDER BY ?actor ?character""")
    assert (code, cast.splitlines()) == (0, ["actor,character", "Erika Sawajiri,Aya", "Erika Sawajiri,Ayà Ikeuchi",
                                             "Haruma Miura,Hiroki Sakurai", "Yui Aragaki,Mika Tahara"])
    before = cli("sparql", "--store", store, "--format", "csv", IMPORTED)[1]
    assert len(before.splitlines()) > 73  # the 73 facts and their provenance
    write_tsv(folder / "title.principals.tsv", "title.principals", _short(PRINCIPALS, 6, 4))
    code, out, err = cli("import", "imdb", str(folder), "--store", store)
    assert (code, out, err) == (2, "", "dramagraph: error: title.principals.tsv:8: expected 6 fields, found 4\n")
    assert cli("sparql", "--store", store, "--format", "csv", IMPORTED)[1] == before
