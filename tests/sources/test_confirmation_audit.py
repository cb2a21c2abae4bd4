"""Confirmations (issue 31): a claim of the article that a second source states too is dg:confirmedBy a graph
of that source holding some or all of its triples. The query `confirmations`, `dramagraph provenance`
("confirmed by", on the triples the confirmation holds), `dramagraph audit` (the confirmation graphs checked) and
`dramagraph audit --confirmations` (per entry, the facts with a second source, one triple at a time). Beside the
shipped confirmations (data/confirmations.trig, tested in test_confirmations.py) the tests add one of their own,
written to a user-data folder."""

from __future__ import annotations

import json
import time

D = "https://w3id.org/dramagraph/"
PROLOGUE = """@prefix schema: <https://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dg: <https://w3id.org/dramagraph/ontology#> .
@prefix t: <https://w3id.org/dramagraph/title/> . @prefix w: <https://w3id.org/dramagraph/work/> .
@prefix c: <https://w3id.org/dramagraph/concept/> . @prefix g: <https://w3id.org/dramagraph/graph/> .
@prefix gf: <https://w3id.org/dramagraph/graph/confirmation/> .
@prefix qf: <https://w3id.org/dramagraph/source/confirmation/quote/> .
"""
# the article's g:koizora-drama (entry 6), stated again by a page of the tests' own
DRAMA = """w:koizora-2008-drama a schema:TVSeries ; schema:name "Koizora" ; schema:genre c:tv-drama ;
        schema:startDate "2008"^^xsd:gYear ; dg:versionOf t:koizora ."""
CONFIRMATION = PROLOGUE + """
gf:koizora-drama-example { %s }
g:provenance {
    g:koizora-drama dg:confirmedBy gf:koizora-drama-example .
    gf:koizora-drama-example a prov:Entity ; prov:wasDerivedFrom qf:koizora-drama-example .
    qf:koizora-drama-example a prov:Entity ;
        prov:wasQuotedFrom <https://example.org/koizora/drama> ;
        prov:generatedAtTime "2026-12-07"^^xsd:date ;
        prov:value "Koizora, the TV drama of 2008." .
    <https://example.org/koizora/drama> a schema:WebPage, prov:Entity ; schema:name "Koizora (TV drama)" .
}
"""
HEAD = ["entry  title                                        confirmed  corrected  second source  names and illnesses",
        "-----  -------------------------------------------  ---------  ---------  -------------  -------------------"]
ARTICLE_ROWS = [
    '1      Perfect World                                       18          1       19 of 35               8 of 8',
    '2      The 8 Year Engagement                               19          0       19 of 37             11 of 11',
    '3      Boku no Ita Jikan                                    9          0        9 of 26               3 of 7',
    '4      Good Doctor                                         24          0       24 of 45             11 of 13',
    '5      I Give My First Love To You                         19          4       23 of 46             11 of 11',
    '6      Koizora                                             24          0       24 of 47             11 of 12',
    '7      One Liter of Tears                                  20          0       20 of 35               9 of 9',
    '8      Crying Out Love, in the Center of the World         20          0       20 of 49              9 of 11',
    'all                                                       153          5     158 of 320             73 of 82',
]
# the names and illnesses of the article's entries that no second source states (data/confirmations.trig says
# what was checked for each and not found)
WITHOUT = [
    'no second source: entry 3: <https://w3id.org/dramagraph/role/boku-no-ita-jikan-megumi-hongo> <https://schema.org/characterName> "Megumi Hongo" (<https://w3id.org/dramagraph/graph/boku-no-ita-jikan-cast>)',
    'no second source: entry 3: <https://w3id.org/dramagraph/role/boku-no-ita-jikan-takuto-sawada> <https://schema.org/characterName> "Takuto Sawada" (<https://w3id.org/dramagraph/graph/boku-no-ita-jikan-cast>)',
    'no second source: entry 3: <https://w3id.org/dramagraph/character/megumi-hongo> <https://schema.org/name> "Megumi Hongo" (<https://w3id.org/dramagraph/graph/boku-no-ita-jikan-illness>)',
    'no second source: entry 3: <https://w3id.org/dramagraph/character/takuto-sawada> <https://schema.org/name> "Takuto Sawada" (<https://w3id.org/dramagraph/graph/boku-no-ita-jikan-names>)',
    'no second source: entry 4: <https://w3id.org/dramagraph/character/seiji-takayama> <https://schema.org/alternateName> "Doctor Seiji Takayama" (<https://w3id.org/dramagraph/graph/good-doctor-acceptance>)',
    'no second source: entry 4: <https://w3id.org/dramagraph/character/akira-shiga> <https://schema.org/alternateName> "Doctor Akira" (<https://w3id.org/dramagraph/graph/good-doctor-mentor>)',
    'no second source: entry 6: <https://w3id.org/dramagraph/role/koizora-mika-tahara> <https://schema.org/characterName> "Mika Tahara" (<https://w3id.org/dramagraph/graph/koizora-cast>)',
    'no second source: entry 8: <https://w3id.org/dramagraph/person/haruka-ayase> <https://schema.org/name> "Haruka Ayase" (<https://w3id.org/dramagraph/graph/crying-out-love-cast>)',
    'no second source: entry 8: <https://w3id.org/dramagraph/person/naoto-ogata> <https://schema.org/name> "Naoto Ogata" (<https://w3id.org/dramagraph/graph/crying-out-love-cast>)',
]


def user_data(tmp_path, text=CONFIRMATION % DRAMA):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "confirmation.trig").write_text(text, encoding="utf-8")
    return str(folder)


def test_second_sources_of_the_article_as_it_is(cli):
    """The shipped confirmations and corrections, counted one triple at a time; then each name and illness with no
    second source."""
    code, out, err = cli("audit", "--confirmations", "--no-user-data")
    assert code == 0
    assert out.splitlines() == HEAD + ARTICLE_ROWS + WITHOUT
    assert err == ("158 of 320 facts of the article's 8 entries have a second source: 153 confirmed "
                   "(dg:confirmedBy), 5 corrected (dg:correctedBy); 73 of 82 names and illnesses\n")


def test_a_confirmation_counts_in_its_entry(cli, tmp_path):
    """The tests' page confirms the five triples of g:koizora-drama (entry 6): 24 confirmed become 29."""
    code, out, err = cli("audit", "--confirmations", "--data-dir", user_data(tmp_path))
    rows = ARTICLE_ROWS[:5] + [
        "6      Koizora                                             29          0       29 of 47             11 of 12"] + ARTICLE_ROWS[6:8] + [
        "all                                                       158          5     163 of 320             73 of 82"]
    assert (code, out.splitlines()) == (0, HEAD + rows + WITHOUT)
    assert err.startswith("163 of 320 facts of the article's 8 entries have a second source: 158 confirmed")
    code, out, _ = cli("audit", "--confirmations", "--format", "json", "--data-dir", str(tmp_path / "data"))
    answer = json.loads(out)
    assert code == 0 and answer["total"] == {"facts": 320, "confirmed": 158, "corrected": 5, "secondSource": 163,
                                             "names": 82, "namesWithSecondSource": 73}
    koizora = answer["entries"][5]
    assert [t["object"] for t in koizora.pop("withoutSecondSource")] == ['"Mika Tahara"']
    assert koizora == {"entry": 6, "title": "Koizora", "facts": 47, "confirmed": 29, "corrected": 0,
                       "secondSource": 29, "names": 12, "namesWithSecondSource": 11}


def test_the_query_lists_each_confirmation_with_its_page(cli, tmp_path):
    code, out, _ = cli("query", "confirmations", "--format", "json", "--data-dir", user_data(tmp_path))
    assert code == 0
    found = [{k: v["value"] for k, v in b.items()} for b in json.loads(out)["results"]["bindings"]]
    assert len(found) == 49  # the 48 shipped (test_confirmations.py) and the tests' own
    assert [r for r in found if r["page"].startswith("https://example.org/")] == [{
        "claim": D + "graph/koizora-drama", "claimEntry": "6",
        "confirmation": D + "graph/confirmation/koizora-drama-example", "page": "https://example.org/koizora/drama",
        "pageName": "Koizora (TV drama)", "quote": "Koizora, the TV drama of 2008.", "read": "2026-12-07"}]
    # narrowed to a node: the drama's claim is about the 2008 drama and about Koizora (dg:versionOf's subject only)
    code, out, _ = cli("query", "confirmations", "--param", f"thing={D}work/koizora-2008-drama", "--format", "csv",
                       "--data-dir", str(tmp_path / "data"))
    assert out.splitlines()[1].startswith(D + "graph/koizora-drama,6,")
    # narrowed to Haruma Miura: the shipped confirmations of the two cast lines he is in, not the tests' own
    code, out, _ = cli("query", "confirmations", "--param", "thing=Haruma Miura", "--format", "json",
                       "--data-dir", str(tmp_path / "data"))
    assert [(b["claim"]["value"][len(D + "graph/"):], b["confirmation"]["value"][len(D + "graph/confirmation/"):])
            for b in json.loads(out)["results"]["bindings"]] == [
        ("boku-no-ita-jikan-cast", "boku-no-ita-jikan-cast-doramahunting"),
        ("boku-no-ita-jikan-cast", "boku-no-ita-jikan-cast-helloheydays"),
        ("boku-no-ita-jikan-cast", "boku-no-ita-jikan-cast-jawiki"),
        ("boku-no-ita-jikan-cast", "boku-no-ita-jikan-cast-mydramalist"),
        ("koizora-cast", "koizora-cast-ayaito"), ("koizora-cast", "koizora-cast-enwiki"),
        ("koizora-cast", "koizora-cast-tssmag")]


def test_provenance_says_confirmed_by_the_page(cli, tmp_path):
    code, out, _ = cli("provenance", f"{D}work/koizora-2008-drama", "--property", "startDate",
                       "--data-dir", user_data(tmp_path))
    assert code == 0
    assert out.splitlines() == [
        f"Koizora (work) <{D}work/koizora-2008-drama>",
        '  schema:startDate "2008"',
        f'      from <{D}graph/confirmation/koizora-drama-example>, <https://example.org/koizora/drama>: '
        '"Koizora, the TV drama of 2008."',
        '  schema:startDate "2008"',
        '      from g:koizora-drama, article entry 6: "If you can\'t get enough of "Mika x Hiro" romance, there is a '
        'drama version of the same title released in 2008."',
        '      confirmed by <https://example.org/koizora/drama> (example.org), read 2026-12-07: '
        '"Koizora, the TV drama of 2008."',
        '  schema:startDate "2008"',
        '      from g:koizora-drama, article entry 6: "6. Koizora"',
        '      confirmed by <https://example.org/koizora/drama> (example.org), read 2026-12-07: '
        '"Koizora, the TV drama of 2008."']
    code, out, _ = cli("provenance", f"{D}work/koizora-2008-drama", "--property", "startDate", "--format", "json",
                       "--data-dir", str(tmp_path / "data"))
    confirmed = [r.get("confirmed") for r in json.loads(out)["facts"]]
    assert confirmed[0] is None and confirmed[1] == confirmed[2] == [{
        "graph": D + "graph/confirmation/koizora-drama-example", "entry": 6,
        "source": "https://example.org/koizora/drama", "says": "example.org", "pageName": "Koizora (TV drama)",
        "read": "2026-12-07", "quote": "Koizora, the TV drama of 2008."}]


def test_a_good_confirmation_passes_the_audit(cli, tmp_path):
    code, out, err = cli("audit", "--format", "json", "--data-dir", user_data(tmp_path))
    report = json.loads(out)
    assert (code, report["findings"]) == (0, [])
    assert report["graphs"] == 161  # the shipped 160 and the confirmation


def test_the_audit_names_what_a_confirmation_gets_wrong(cli, tmp_path):
    """A confirmation that states a triple its claim does not (a year of 2009) and quotes the article itself.
    (That it leaves out the claim's "2008" is no fault: a confirmation may hold only some of its claim.)"""
    wrong = (CONFIRMATION % DRAMA.replace('schema:startDate "2008"^^xsd:gYear', 'schema:startDate "2009"^^xsd:gYear')
             ).replace("<https://example.org/koizora/drama> ;\n        prov:generatedAtTime",
                       "<https://w3id.org/dramagraph/source/article> ;\n        prov:generatedAtTime")
    code, out, err = cli("audit", "--data-dir", user_data(tmp_path, wrong))
    gf, claim = f"<{D}graph/confirmation/koizora-drama-example>", f"<{D}graph/koizora-drama>"
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("confirmation:")] == [
        f'confirmation: {gf} <{D}work/koizora-2008-drama> <https://schema.org/startDate> "2009": not a triple of the '
        f"claim it confirms ({claim})",
        f"confirmation: {gf} <{D}graph/koizora-drama> <{D}ontology#confirmedBy> {gf}: quoted from the source the "
        f"claim cites ({D}source/article): not a second source"]


def test_second_sources_at_size(tmp_path):
    """5,000 entries' worth of claims (40,000 graphs of a person and their name), a quarter's names confirmed, an
    eighth corrected: exact counts, in seconds."""
    from graph.api import second_sources

    lines = [PROLOGUE, "@prefix src: <https://w3id.org/dramagraph/source/> ."]
    for n in range(40_000):
        entry = n % 5000 + 1
        lines.append(f'g:c{n} {{ <{D}person/p{n}> a schema:Person ; schema:name "P{n}" . }}')
        if n % 4 == 0:
            lines.append(f'gf:c{n} {{ <{D}person/p{n}> schema:name "P{n}" . }}')
        lines.append(f"g:provenance {{ g:c{n} prov:wasDerivedFrom <{D}source/article/quote/q{n}> . "
                     f"<{D}source/article/quote/q{n}> prov:wasQuotedFrom src:article ; schema:position {entry} ; "
                     f'prov:value "P{n}" .'
                     + (f" g:c{n} dg:confirmedBy gf:c{n} ." if n % 4 == 0 else "")
                     + (f" g:c{n} dg:correctedBy gf:x{n} ." if n % 8 == 1 else "") + " }")
    path = tmp_path / "size.trig"
    path.write_text("\n".join(lines), encoding="utf-8")
    start = time.perf_counter()
    entries = second_sources([path])
    took = time.perf_counter() - start
    assert len(entries) == 5000 and all(e["facts"] == 16 and e["names"] == 8 for e in entries)
    # entry k holds claims k-1 + 5000 j (j < 8); 5000 is a multiple of 8, so an entry's eight claims are alike
    assert entries[0] == {"entry": 1, "title": "Perfect World", "facts": 16, "confirmed": 8, "corrected": 0,
                          "secondSource": 8, "names": 8, "namesWithSecondSource": 8, "withoutSecondSource": []}
    assert entries[1] == {"entry": 2, "title": "The 8 Year Engagement", "facts": 16, "confirmed": 0, "corrected": 16,
                          "secondSource": 16, "names": 8, "namesWithSecondSource": 8, "withoutSecondSource": []}
    assert [t["graph"] for t in entries[2]["withoutSecondSource"]] == sorted(f"{D}graph/c{2 + 5000 * j}" for j in range(8))
    assert entries[2]["withoutSecondSource"][0] == {"graph": f"{D}graph/c10002", "subject": f"{D}person/p10002",
                                                    "predicate": "https://schema.org/name", "object": '"P10002"'}
    assert sum(e["confirmed"] for e in entries) == 10_000 and sum(e["corrected"] for e in entries) == 10_000
    assert took < 20, f"second sources of 40,000 graphs took {took:.1f} s"


def test_the_query_and_provenance_answer_the_same_on_a_sparql_server(tmp_path):
    """The shipped data and the confirmation pushed to a real `oxigraph serve`: the same rows as embedded."""
    from graph.query.endpoint import Endpoint, push
    from graph.query.facts import facts_of
    from graph.query.querying import run_named
    from graph.store.opening import open_graph
    from tests.conftest import free_port
    from tests.query.conftest import start_server
    from tests.query.test_remote import oxigraph_binary

    kg = open_graph(data_dir=user_data(tmp_path))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server([oxigraph_binary(), "serve", "--location", str(tmp_path / "store"), "--bind",
                            f"127.0.0.1:{port}"], f"{base}/query?query=ASK%7B%7D")
    try:
        remote = Endpoint(f"{base}/query")
        push(kg, remote)
        for params in ({}, {"thing": "https://w3id.org/dramagraph/work/koizora-2008-drama"}):
            here, there = run_named(kg, "confirmations", params), run_named(remote, "confirmations", params)
            assert there.rows == here.rows and [r["confirmation"] for r in here.rows
                                                if "example" in r["confirmation"]] == [D + "graph/confirmation/koizora-drama-example"]
        assert len(run_named(kg, "confirmations", {}).rows) == 49
        thing = D + "work/koizora-2008-drama"
        confirmed = lambda target: [(r["graph"], bool(r.get("confirmed")))  # noqa: E731
                                    for r in facts_of(target, thing, "startDate")[1]]
        assert confirmed(remote) == confirmed(kg) == [(D + "graph/confirmation/koizora-drama-example", False),
                                                      (D + "graph/koizora-drama", True),
                                                      (D + "graph/koizora-drama", True)]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_provenance_says_confirmed_only_of_the_triples_the_confirmation_holds(kg):
    """g:koizora-film is confirmed by the film's Wikipedia article for its characters, not for its English name or
    its year: a confirmation holds only some of its claim's triples."""
    from graph.query.facts import facts_of

    _, rows = facts_of(kg, "Koizora")
    film = {(r["property"].rsplit("/", 1)[-1].rsplit("#", 1)[-1], str(r["value"])): [c["graph"] for c in r.get("confirmed", ())]
            for r in rows if r["graph"] == D + "graph/koizora-film"}
    enwiki = [D + "graph/confirmation/koizora-film-enwiki"]
    assert film == {("type", "https://schema.org/Movie"): [], ("datePublished", "2007"): [],
                    ("alternateName", "Sky of Love"): [], ("character", D + "character/hiroki-sakurai"): enwiki,
                    ("character", D + "character/mika-tahara"): enwiki}
