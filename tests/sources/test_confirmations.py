"""Confirmations (issue 31): a claim of the article that a second source states too is dg:confirmedBy a graph
of that source holding the same triples. The query `confirmations`, `dramagraph provenance` ("confirmed by"),
`dramagraph audit` (the confirmation graphs checked) and `dramagraph audit --confirmations` (per entry, the
facts with a second source). The shipped data has no confirmation yet (data/confirmations.trig comes from
another branch), so the confirmation here is the tests' own, written to a user-data folder."""

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
HEAD = ["entry  title                                        confirmed  corrected  second source",
        "-----  -------------------------------------------  ---------  ---------  -------------"]
ARTICLE_ROWS = [
    "1      Perfect World                                        0          1         1 of 5",
    "2      The 8 Year Engagement                                0          0         0 of 7",
    "3      Boku no Ita Jikan                                    0          0         0 of 5",
    "4      Good Doctor                                          0          0         0 of 5",
    "5      I Give My First Love To You                          0          2         2 of 8",
    "6      Koizora                                              0          0         0 of 8",
    "7      One Liter of Tears                                   0          0         0 of 5",
    "8      Crying Out Love, in the Center of the World          0          0         0 of 5",
    "all                                                         0          3        3 of 48"]


def user_data(tmp_path, text=CONFIRMATION % DRAMA):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "confirmation.trig").write_text(text, encoding="utf-8")
    return str(folder)


def test_second_sources_of_the_article_as_it_is(cli):
    """No confirmation shipped yet: only the three corrected claims (entries 1 and 5) have a second source."""
    code, out, err = cli("audit", "--confirmations", "--no-user-data")
    assert code == 0
    assert out.splitlines() == HEAD + ARTICLE_ROWS
    assert err == ("3 of 48 fact graphs of the article's 8 entries have a second source: 0 confirmed "
                   "(dg:confirmedBy), 3 corrected (dg:correctedBy)\n")


def test_a_confirmation_counts_in_its_entry(cli, tmp_path):
    code, out, err = cli("audit", "--confirmations", "--data-dir", user_data(tmp_path))
    rows = ARTICLE_ROWS[:5] + [
        "6      Koizora                                              1          0         1 of 8"] + ARTICLE_ROWS[6:8] + [
        "all                                                         1          3        4 of 48"]
    assert (code, out.splitlines()) == (0, HEAD + rows)
    assert err.startswith("4 of 48 fact graphs of the article's 8 entries have a second source: 1 confirmed")
    code, out, _ = cli("audit", "--confirmations", "--format", "json", "--data-dir", str(tmp_path / "data"))
    answer = json.loads(out)
    assert code == 0 and answer["total"] == {"facts": 48, "confirmed": 1, "corrected": 3, "secondSource": 4}
    assert answer["entries"][5] == {"entry": 6, "title": "Koizora", "facts": 8, "confirmed": 1, "corrected": 0,
                                    "secondSource": 1}


def test_the_query_lists_each_confirmation_with_its_page(cli, tmp_path):
    code, out, _ = cli("query", "confirmations", "--format", "json", "--data-dir", user_data(tmp_path))
    assert code == 0
    assert [{k: v["value"] for k, v in b.items()} for b in json.loads(out)["results"]["bindings"]] == [{
        "claim": D + "graph/koizora-drama", "claimEntry": "6",
        "confirmation": D + "graph/confirmation/koizora-drama-example", "page": "https://example.org/koizora/drama",
        "pageName": "Koizora (TV drama)", "quote": "Koizora, the TV drama of 2008.", "read": "2026-12-07"}]
    # narrowed to a node: the drama's claim is about the 2008 drama and about Koizora (dg:versionOf's subject only)
    code, out, _ = cli("query", "confirmations", "--param", f"thing={D}work/koizora-2008-drama", "--format", "csv",
                       "--data-dir", str(tmp_path / "data"))
    assert out.splitlines()[1].startswith(D + "graph/koizora-drama,6,")
    code, out, _ = cli("query", "confirmations", "--param", "thing=Haruma Miura", "--format", "csv",
                       "--data-dir", str(tmp_path / "data"))
    assert out.splitlines() == ["claim,claimEntry,confirmation,page,pageName,quote,read"]


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
        '      from g:koizora-drama, article entry 6: "6. Koizora"',
        '      confirmed by <https://example.org/koizora/drama> (example.org), read 2026-12-07: '
        '"Koizora, the TV drama of 2008."',
        '  schema:startDate "2008"',
        '      from g:koizora-drama, article entry 6: "If you can\'t get enough of "Mika x Hiro" romance, there is a '
        'drama version of the same title released in 2008."',
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
    assert report["graphs"] == 108  # the shipped 107 and the confirmation


def test_the_audit_names_what_a_confirmation_gets_wrong(cli, tmp_path):
    """A confirmation that leaves out a triple of its claim, adds one, and quotes the article itself."""
    wrong = (CONFIRMATION % DRAMA.replace('schema:startDate "2008"^^xsd:gYear', 'schema:startDate "2009"^^xsd:gYear')
             ).replace("<https://example.org/koizora/drama> ;\n        prov:generatedAtTime",
                       "<https://w3id.org/dramagraph/source/article> ;\n        prov:generatedAtTime")
    code, out, err = cli("audit", "--data-dir", user_data(tmp_path, wrong))
    gf, claim = f"<{D}graph/confirmation/koizora-drama-example>", f"<{D}graph/koizora-drama>"
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith("confirmation:")] == [
        f'confirmation: {gf} <{D}work/koizora-2008-drama> <https://schema.org/startDate> "2008": a triple of the '
        f"claim it confirms ({claim}) is not in it",
        f'confirmation: {gf} <{D}work/koizora-2008-drama> <https://schema.org/startDate> "2009": not a triple of the '
        f"claim it confirms ({claim})",
        f"confirmation: {gf} <{D}graph/koizora-drama> <{D}ontology#confirmedBy> {gf}: quoted from the source the "
        f"claim cites ({D}source/article): not a second source"]


def test_second_sources_at_size(tmp_path):
    """5,000 entries' worth of claims (40,000 graphs), a quarter confirmed, an eighth corrected: exact counts,
    in seconds."""
    from graph.api import second_sources

    lines = [PROLOGUE, "@prefix src: <https://w3id.org/dramagraph/source/> ."]
    for n in range(40_000):
        entry = n % 5000 + 1
        lines.append(f'g:c{n} {{ <{D}title/t{n}> schema:name "T{n}" . }}')
        lines.append(f"g:provenance {{ g:c{n} prov:wasDerivedFrom <{D}source/article/quote/q{n}> . "
                     f"<{D}source/article/quote/q{n}> prov:wasQuotedFrom src:article ; schema:position {entry} ; "
                     f'prov:value "T{n}" .'
                     + (f" g:c{n} dg:confirmedBy gf:c{n} ." if n % 4 == 0 else "")
                     + (f" g:c{n} dg:correctedBy gf:x{n} ." if n % 8 == 1 else "") + " }")
    path = tmp_path / "size.trig"
    path.write_text("\n".join(lines), encoding="utf-8")
    start = time.perf_counter()
    entries = second_sources([path])
    took = time.perf_counter() - start
    assert len(entries) == 5000 and all(e["facts"] == 8 for e in entries)
    # entry k holds claims k-1 + 5000 j (j < 8); 5000 is a multiple of 8, so an entry's eight claims are alike
    assert entries[0] == {"entry": 1, "title": "Perfect World", "facts": 8, "confirmed": 8, "corrected": 0,
                          "secondSource": 8}
    assert entries[1] == {"entry": 2, "title": "The 8 Year Engagement", "facts": 8, "confirmed": 0, "corrected": 8,
                          "secondSource": 8}
    assert sum(e["confirmed"] for e in entries) == 10_000 and sum(e["corrected"] for e in entries) == 5_000
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
            assert there.rows == here.rows and [r["confirmation"] for r in here.rows] == [
                D + "graph/confirmation/koizora-drama-example"]
        thing = D + "work/koizora-2008-drama"
        confirmed = lambda target: [(r["graph"], bool(r.get("confirmed")))  # noqa: E731
                                    for r in facts_of(target, thing, "startDate")[1]]
        assert confirmed(remote) == confirmed(kg) == [(D + "graph/confirmation/koizora-drama-example", False),
                                                      (D + "graph/koizora-drama", True),
                                                      (D + "graph/koizora-drama", True)]
    finally:
        process.terminate()
        process.wait(timeout=10)
