"""`dramagraph audit` (graph/sources/audit.py): every fact checked against the source it cites — each finding
class, the shipped dataset clean (and its coverage), a build whose actor no longer matches its
passage, imported data checked against its file, and the bad inputs of issue 20."""

from __future__ import annotations

import json

import pytest

from tests.sources.test_import_imdb import write_imdb

D = "https://w3id.org/dramagraph/"
G = D + "graph/"
S = "https://schema.org/"
PROLOGUE = """@prefix s: <https://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix g: <https://w3id.org/dramagraph/graph/> . @prefix ex: <http://example.org/> .
"""
ARTICLE_SAYS = "Haruma Miura as Hiroki Sakurai"  # a line of the article (entry 6's cast)


def audit_text(cli, tmp_path, text, *options, name="data.trig"):
    path = tmp_path / name
    path.write_text(PROLOGUE + text, encoding="utf-8")
    return cli("audit", str(path), *options)


def test_the_shipped_dataset_is_clean(cli):
    code, out, err = cli("audit", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["counts"] == {"quotation": 0, "name": 0, "unsourced": 0, "home page": 0, "uncited": 0, "confirmation": 0}
    assert report["findings"] == []
    # the fact graphs and quotations of the article, the corrections (data/corrections.trig, with the 2019
    # drama's leads in Latin script and its alias), the Japanese names (data/names-ja.trig) and the confirmations
    # (data/confirmations.trig; most reuse a correction's quotation)
    assert (report["graphs"], report["quotations"]) == (160, 138)
    assert report["coverage"]["sentences"] == 133 and report["coverage"]["cited"] == 72
    assert len(report["coverage"]["uncited"]) == 61
    assert report["coverage"]["uncited"][:3] == [
        "Skip to main content", "Top 8 Most Inspiring Japanese Dramas and Movies", "Mare is a lover of Japanese culture."]
    # the entries' headings that name a title are quoted now; the others are not
    assert "1. Perfect World" in report["coverage"]["uncited"]
    assert "6. Koizora" not in report["coverage"]["uncited"]
    # each web page quoted (for Boku no Ita Jikan's kind, by the corrections, the Japanese names and the
    # confirmations) is said
    # once, not failed
    unchecked = ", whose text is not shipped: not checked word for word"
    quoted = [
        (2, "http://50daioyaji.com/8nengosi_no_hanayome/"),
        (1, "http://anothernewsstation.com/2018/07/02/gooddoctor"),
        (1, "http://book-t.seesaa.net/article/31428117.html"),
        (2, "http://doramahuntingp2g.seesaa.net/article/383697484.html"),
        (1, "http://eseong.com/2008/12/kotomi-aokis-popular-shojo-manga.html"),
        (1, "http://ewic0190.blogspot.com/2009/10/one-litre.html"),
        (1, "http://health-full-articles.blogspot.com/2009/06/"),
        (1, "http://helloheydays.com/boku-ita-jikandrama-impressions?replytocom=3571"),
        (1, "http://junsky07.blog89.fc2.com/blog-entry-1148.html"),
        (1, "http://meithasiregar.blogspot.com/2012/10/i-give-my-first-love-to-you.html"),
        (1, "http://moviexclusive.com/review/igivemyfirstlovetoyou/igivemyfirstlovetoyou.html"),
        (1, "http://piglix.com/piglix/Koizora_(film)"),
        (1, "http://the-lighted.blogspot.com/2015/06/1-litre-of-tears-j-drama-2005.html"),
        (2, "http://the-uncensored-wiki.com:20072/1/_/l/1_Litre_of_Tears_b4a9.html"),
        (1, "http://veesta.com/p5/"
             "index.php?q=aHR0cHM6Ly93d3cuaW1kYi5jb20vZnIvdGl0bGUvdHQxNDAxNjU2Lz9yZWZfPXR0X21sdF90XzEy"),
        (1, "https://all-best-news.blog.jp/archives/2019-08.html"),
        (2, "https://ameblo.jp/v2vmo4omv6v/entry-10817135445.html?frm=theme"),
        (1, "https://anatato.jp/tabe-mikako-history-and-future/"),
        (1, "https://annyeongoppa.com/2020/05/03/j-drama-recommendation-perfect-world/"),
        (2, "https://ayaito.net/various/19970/amp"),
        (1, "https://cinematoday.jp/page/N0092231"),
        (1, "https://defzone.net/wiki/ja/恋空"),
        (1, "https://dic.nicovideo.jp/a/%E7%B6%BE%E7%80%AC%E3%81%AF%E3%82%8B%E3%81%8B?from=niconews_tagicon"),
        (1, "https://doramanavi.com/perfectworld-dorama/"),
        (1, "https://drama.fandom.com/wiki/1_Litre_of_Tears"),
        (1, "https://dramamiru.mantanfun.jp/article/0001034_news.html"),
        (1, "https://eiga.com/news/20070420/11"),
        (1, "https://eigajouei.mantanfun.jp/article/0000019.html"),
        (2, "https://en.wikipedia.org/wiki/I_Give_My_First_Love_to_You"),
        (3, "https://en.wikipedia.org/wiki/Koizora_(film)"),
        (3, "https://en.wikipedia.org/wiki/The_8-Year_Engagement"),
        (1, "https://fuhou-shinbun.com/goner.html?id=20335"),
        (2, "https://gkg.book79.com/6wa849r89_4zmairogocpxoitzn/4xjrogo/"
             "%E5%83%95%E3%81%AE%E3%81%84%E3%81%9F%E6%99%82%E9%96%93"),
        (1, "https://guhaantenna.com/?p=91410"),
        (1, "https://hati8823.hatenablog.com/entry/2008/09/23/165909"),
        (1, "https://hessslslslsls.azureedge.net/wiki/Sky_of_Love"),
        (1, "https://ja.everybodywiki.com/%E6%B2%A2%E5%B0%BB%E3%82%A8%E3%83%AA%E3%82%AB"),
        (1, "https://ja.wikipedia.org/wiki/グッド・ドクター"),
        (1, "https://jdorama.com/drama.sekai-no-chuushin-de-ai-wo-sakebu.828.htm"),
        (1, "https://katchan67.blogspot.com/2024/10/blog-post_20.html"),
        (1, "https://kino-kinoko.hatenablog.com/entry/2018/05/28/153234?utm_source=feed"),
        (1, "https://mainichikirei.jp/article/20190415dog00m100010000c.html"),
        (1, "https://megalodon.jp/ref/2009-0516-1807-51/www.starblog.jp/sid-998.html"),
        (1, "https://mydramalist.com/8507-boku-no-ita-jikan/reviews"),
        (2, "https://news.goo.ne.jp/article/oricon/entertainment/oricon-2112729.html"),
        (1, "https://pedia.3rd-in.co.jp/wiki/藤木直人"),
        (1, "https://phimnhat.vn/tin-tuc/10343/nomura-shuhei-va-sakurai-hinako-tai-hien-cau-chuyen-tinh-buon-cua-"
            "boku-no-hatsukoi-wo-kimi-ni-sasagu.html"),
        (2, "https://phoenixtalkspopculturejapan.wordpress.com/2020/03/22/a-z-drama-challenge-boku-no-ita-jikan/"),
        (1, "https://plaza.rakuten.co.jp./jugon90p/diary/ctgylist/?ctgy=1"),
        (1, "https://profilbaru.com/article/Perfect_World_(manga)"),
        (1, "https://rakuenno-door.com/yamazakikento-kodomojidai-doko-engi-umakunatta-272"),
        (1, "https://renote.net/reviews/12523"),
        (2, "https://thetv.jp/news/detail/10106"),
        (1, "https://thetv.jp/news/detail/169984"),
        (1, "https://trendy.nikkeibp.co.jp/article/column/20120801/1042277/"),
        (3, "https://trilltrill.jp/articles/4118924"),
        (1, "https://vs.e-onlineservice.com/3806.html"),
        (1, "https://websiteproxy.net/1337x-proxy/"
             "index.php?q=mKaqo9SgYmCssKtknaaZxWPJoM-Q2suon56Uq6yRmJxkaW5jkKWllpuYcaKnmJ7CaQ"),
        (2, "https://wiki.d-addicts.com/Sekai_no_Chuushin_de,_Ai_wo_Sakebu"),
        (1, "https://wiki3.jp/3rdpedia/page/73"),
        (1, "https://wonderfuldays.net/Drama/2004/summer/sekai-ai.html"),
        (2, "https://www.globalgranary.life/2018/07/30/good-doctor-dorama-vs-kdrama/"),
        (1, "https://www.globaltimes.cn/content/1194956.shtml"),
        (1, "https://www.helloasia.com.au/reviews/"
             "japanese-film-festival-2018-review-the-8-year-engagement-is-a-romantic-tear-jerker-worth-watching/"),
        (1, "https://www.liberaublau.ch/group/my-site-1-gruppe/discussion/ec051591-328a-4cea-94be-38fde8b19754"),
        (2, "https://www.tbs.co.jp/tbs-ch/item/d1198/index-j.html"),
        (2, "https://www.toho.co.jp/movie/lineup/koizora/introduction.html"),
        (1, "https://www.tss-mag.com/2020/07/actor-miura-haruma-dies-at-only-30-years/"),
        (3, "https://www.tv-asahi.co.jp/bokukimi/"),
        (1, "https://www.wacoca.com/?p=1731445"),
    ]
    assert err.splitlines()[:-1] == report["notes"] == [
        f"{n} quotation{'s' if n > 1 else ''} of {page}{unchecked}" for n, page in quoted]


def test_the_text_output_is_a_summary_when_clean(cli):
    code, out, err = cli("audit")
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == ("0 findings (quotation 0, name 0, unsourced 0, home page 0, "
                                    "uncited 0, confirmation 0) in 160 fact graphs and 138 quotations; 72 of 133 sentences of the "
                                    "article cited by a fact (--uncited lists the others)")
    code, out, _ = cli("audit", "--uncited")
    uncited = [line for line in out.splitlines() if line.startswith("uncited: ") and "<" not in line[:12]]
    assert code == 0 and uncited[0] == "uncited: Skip to main content" and len(uncited) == 61


def test_a_build_whose_actor_no_longer_matches_its_passage(cli, tmp_path):
    out = tmp_path / "all.trig"
    assert cli("build", "--format", "trig", "--out", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.count('"Haruma Miura"') == 5  # the article's two cast graphs, and three confirmations
    out.write_text(text.replace('"Haruma Miura"', '"Haruma Miurra"', 1), encoding="utf-8")
    code, stdout, _ = cli("audit", str(out), "--format", "json")
    report = json.loads(stdout)
    # the name no longer matches the article's passage, and a confirmation now states what its claim no longer does
    assert code == 1 and report["counts"] == {"quotation": 0, "name": 1, "unsourced": 0, "home page": 0, "uncited": 0, "confirmation": 1}
    assert [(f["graph"], f["object"]) for f in report["findings"] if f["kind"] == "confirmation"] == [
        (D + "graph/confirmation/boku-no-ita-jikan-cast-mydramalist", '"Haruma Miura"')]
    wrong = [f for f in report["findings"] if f["object"] == '"Haruma Miurra"']
    assert [(f["kind"], f["subject"], f["predicate"]) for f in wrong] == [("name", D + "person/haruma-miura", S + "name")]
    assert ARTICLE_SAYS in wrong[0]["passage"] or "Haruma Miura" in wrong[0]["passage"]


def test_each_finding_class_on_a_small_file(cli, tmp_path):
    code, out, _ = audit_text(cli, tmp_path, f"""
        g:fine {{ ex:t s:name "Koizora" . }}
        g:wrong {{ ex:p s:name "Nobody Named Here" . }}
        g:loose {{ ex:x s:genre ex:y . }}
        g:provenance {{
          g:fine prov:wasDerivedFrom ex:q1 . ex:q1 prov:value "The movie Koizora was released" ;
             prov:wasQuotedFrom <{D}source/article> .
          g:wrong prov:wasDerivedFrom ex:q2 . ex:q2 prov:value "{ARTICLE_SAYS}" ; prov:wasQuotedFrom <{D}source/article> .
        }}
        <{G}ontology/test> {{ ex:c skos:broader ex:d ; dct:source <https://meshb.nlm.nih.gov/> . ex:e skos:broader ex:d .
                   ex:f skos:broader ex:d ; dct:source <https://meshb.nlm.nih.gov/record/ui?ui=D007938> . }}
        """, "--format", "json")
    report = json.loads(out)
    assert code == 1
    found = sorted((f["kind"], f["subject"].removeprefix("http://example.org/"), f["object"]) for f in report["findings"])
    assert found == [
        ("home page", "c", "https://meshb.nlm.nih.gov/"),
        ("name", "p", '"Nobody Named Here"'),
        ("quotation", "q1", '"The movie Koizora was released"'),  # not the article's words
        ("uncited", "e", "http://example.org/d"),
        ("unsourced", "x", "http://example.org/y")]


def test_a_file_with_no_provenance_lists_every_fact_as_unsourced(cli, tmp_path):
    code, out, err = audit_text(cli, tmp_path, 'ex:a s:name "A" ; s:genre ex:b .', name="plain.ttl")
    assert code == 1
    assert out.splitlines() == [
        'unsourced: (no named graph) <http://example.org/a> <https://schema.org/genre> http://example.org/b: in no named graph: derived from nothing',
        'unsourced: (no named graph) <http://example.org/a> <https://schema.org/name> "A": in no named graph: derived from nothing']
    assert "Traceback" not in err


def test_a_file_that_does_not_parse_is_said_with_its_position(cli, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix s: <https://schema.org/> .\n<http://x/a> s:name \"A\n", encoding="utf-8")
    code, out, err = cli("audit", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"dramagraph: error: {path}:2:")
    assert len(err.splitlines()) == 1


def test_imported_names_are_checked_against_the_file_they_came_from(cli, tmp_path):
    folder = write_imdb(tmp_path / "imdb")
    store = tmp_path / "store"
    assert cli("import", "imdb", str(folder), "--store", str(store))[0] == 0
    code, out, _ = cli("audit", "--store", str(store), "--format", "json")
    report = json.loads(out)
    imported = [f for f in report["findings"] if (f["graph"] or "").startswith(G + "import/")]
    assert imported == []  # every imported name is a field of the file it came from
    # the file changed after the import: a name it no longer holds is found
    basics = folder / "title.basics.tsv"
    basics.write_text(basics.read_text(encoding="utf-8").replace("Koizora", "Sorakoi"), encoding="utf-8")
    code, out, _ = cli("audit", "--store", str(store), "--format", "json")
    report = json.loads(out)
    changed = sorted({(f["graph"].removeprefix(G), f["object"]) for f in report["findings"]
                      if (f["graph"] or "").startswith(G + "import/")})
    assert changed == [("import/imdb/title.basics", '"Koizora"')]
    # the file is gone: said once, not a finding per name
    basics.unlink()
    code, out, err = cli("audit", "--store", str(store), "--format", "json")
    assert [f for f in json.loads(out)["findings"] if (f["graph"] or "").startswith(G + "import/imdb/title.basics")] == []
    assert f"{basics.resolve().as_uri()} is not readable here: the names cited to it are not checked" in err.splitlines()


def imported_findings(cli, store):
    """The audit's findings in the graphs of an import: (graph under import/, subject under imdb/,
    predicate under schema:, object, message), sorted."""
    code, out, _ = cli("audit", "--store", str(store), "--format", "json")
    rows = sorted((f["graph"].removeprefix(G + "import/"), f["subject"].removeprefix(D + "imdb/"),
                   f["predicate"].removeprefix(S), f["object"], f["message"])
                  for f in json.loads(out)["findings"] if (f["graph"] or "").startswith(G + "import/"))
    return code, rows


def test_an_imported_name_is_checked_against_its_own_row(cli, tmp_path):
    """Issue 20: a fact cited to a file and row is supported when its names occur in that row: a person's
    name, a title's alternate names and a role's character only on another row of the same file are found."""
    from tests.sources.test_import_imdb import AKAS, NAMES, PRINCIPALS

    folder = write_imdb(tmp_path / "imdb", gz=True)
    store = tmp_path / "store"
    assert cli("import", "imdb", str(folder), "--store", str(store))[0] == 0
    assert imported_findings(cli, store)[1] == []
    # Yui Aragaki and Haruma Miura swapped in name.basics, Mika Tahara and Hiroki Sakurai in
    # title.principals, and Koizora's "Sky of Love" rows and its romanised Japanese title given to the
    # series: every name is still in its file, none of them in its own row (a tagged name is checked as
    # one: the rows of its titleId)
    names = [[r[0], {"Yui Aragaki": "Haruma Miura", "Haruma Miura": "Yui Aragaki"}.get(r[1], r[1]), *r[2:]]
             for r in NAMES]
    characters = {'["Mika Tahara"]': '["Hiroki Sakurai"]', '["Hiroki Sakurai"]': '["Mika Tahara"]'}
    principals = [[*r[:5], characters.get(r[5], r[5])] for r in PRINCIPALS]
    moved = ("Sky of Love", "Koizora: Setsunai Koi no Monogatari")
    akas = [["tt9100002", *r[1:]] if r[2] in moved else r for r in AKAS]
    write_imdb(folder, gz=True, name_basics=names, title_principals=principals, title_akas=akas)
    code, found = imported_findings(cli, store)
    assert code == 1
    assert found == [
        ("imdb/name.basics", "nm9100001", "name", '"Yui Aragaki"',
         "the name is not in the row of nm9100001 of name.basics.tsv.gz"),
        ("imdb/name.basics", "nm9100002", "name", '"Haruma Miura"',
         "the name is not in the row of nm9100002 of name.basics.tsv.gz"),
        ("imdb/title.akas", "tt9100001", "alternateName", '"Koizora: Setsunai Koi no Monogatari"@ja-latn',
         "the name is not in the rows of tt9100001 of title.akas.tsv.gz"),
        ("imdb/title.akas", "tt9100001", "alternateName", '"Sky of Love"',
         "the name is not in the rows of tt9100001 of title.akas.tsv.gz"),
        ("imdb/title.principals", "role/tt9100001-1-1", "characterName", '"Mika Tahara"',
         "the name is not in the row of tt9100001, ordering 1 of title.principals.tsv.gz"),
        ("imdb/title.principals", "role/tt9100001-2-1", "characterName", '"Hiroki Sakurai"',
         "the name is not in the row of tt9100001, ordering 2 of title.principals.tsv.gz"),
    ]
    # the text report: one line per finding, naming the literal and the row
    code, out, err = cli("audit", "--store", str(store))
    assert code == 1 and "Traceback" not in err
    assert (f'name: <{G}import/imdb/name.basics> <{D}imdb/nm9100002> <{S}name> "Haruma Miura": the name is '
            f"not in the row of nm9100002 of name.basics.tsv.gz") in out.splitlines()


def test_a_role_with_several_characters_is_checked_against_its_ordering_row(cli, tmp_path):
    """A role's character name must be on the principals row of its title AND ordering: the same name on
    another ordering of the same title does not support it; each character of a row supports its role."""
    from tests.sources.test_import_imdb import PRINCIPALS

    folder = write_imdb(tmp_path / "imdb")
    store = tmp_path / "store"
    assert cli("import", "imdb", str(folder), "--store", str(store))[0] == 0
    assert imported_findings(cli, store) == (0, [])
    principals = tmp_path / "imdb" / "title.principals.tsv"
    # "Aya" leaves ordering 4's characters for ordering 5's (the same title, tt9100001)
    text = principals.read_text(encoding="utf-8")
    text = text.replace('["Aya","Ayà Ikeuchi"]', '["Ayà Ikeuchi"]').replace(
        "tt9100001\t5\tnm9100005\tactor\t\\N\t\\N", 'tt9100001\t5\tnm9100005\tactor\t\\N\t["Aya"]')
    assert text.count('"Aya"') == 1 and len(text.splitlines()) == len(PRINCIPALS) + 1
    principals.write_text(text, encoding="utf-8")
    assert imported_findings(cli, store) == (1, [
        ("imdb/title.principals", "role/tt9100001-4-1", "characterName", '"Aya"',
         "the name is not in the row of tt9100001, ordering 4 of title.principals.tsv")])
