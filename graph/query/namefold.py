"""Names folded for search, in every script fans write them: one rule for the CLI, the page, ``/explore``.

:func:`fold` makes the forms a person may type the same text: Unicode NFKC (full-width ``ＫＯＩＺＯＲＡ``
and half-width ``ｺｲｿﾞﾗ`` become ``koizora`` and ``コイゾラ``), accents and macrons dropped, case folded,
katakana as hiragana, long vowels written once (``Ryō`` = ``Ryo`` = ``Ryou`` = ``Ryoh``; ``ー`` dropped),
``m`` before ``b``/``p`` as ``n`` (``Namba`` = ``Nanba``) and the particle ``wo`` as ``o``.
Spacing and punctuation are kept, as the pages' word-prefix ranking needs them; :func:`key` drops them
too, for exact lookups (``Ichi Rittoru no Namida`` = ``ichirittorunonamida``).

:func:`variants` gives every form a name is found by: the name folded, its romanisation when it is
written in kana (``みうら はるま`` → ``miura haruma``, by jaconv) and its kana when it is romaji, and for a person's two-word name the
other order (``Miura Haruma`` for ``Haruma Miura``). Kanji are matched as they are written: their
readings come from the sources (a kana reading, a Hepburn romanisation), never from a guess, since
the readings of names are irregular.

Why jaconv: it is MIT, pure Python and 17 KB, and converts kana to Hepburn and back without a
dictionary. cutlet + fugashi + unidic-lite (MIT/BSD, ~250 MB installed) or SudachiPy (Apache, a 70 MB
dictionary) would read kanji, but a morphological dictionary's reading of a name is a guess
(三浦春馬 could be read several ways), and dramagraph states only what a source says.

>>> fold("Ryō NISHIKIDO") == fold("Ryou Nishikido") == fold("ryoh nishikido")
True
>>> fold("コイゾラ") == fold("こいぞら") == fold("ｺｲｿﾞﾗ")
True
>>> sorted(variants("Haruma Miura", person=True))
['haruma miura', 'miura haruma', 'はるま みうら', 'みうら はるま']
>>> sorted(variants("みうら はるま", person=True))
['haruma miura', 'miura haruma', 'はるま みうら', 'みうら はるま']
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "key", "keys", "has_japanese", "variants", "query_forms", "query_variants", "is_kana", "romaji", "kana", "search_forms", "rank", "close"]

_KATAKANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}  # ァ..ヶ -> ぁ..ゖ
_DROP = {0x30FC: None, 0xFF70: None}  # ー (and its half-width form, if NFKC left one)
# long vowels written twice, or with h before a consonant or the end (Hepburn variants); n before b/p
_LONG = re.compile(r"ou|oo|oh(?![aeiouy])|uu|aa|ii|ee|m(?=[bp])")
_WO = re.compile(r"\bwo\b")  # the particle を: "o" in Hepburn, "wo" in other romanisations
_NOT_WORD = re.compile(r"[\W_]+")
_KANA = re.compile(r"^[\u3040-\u309f\u30a0-\u30ff\u30fc\s・･、。]+$")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana, kanji
# a word of Hepburn romaji: syllables (consonant, maybe y, vowel), a syllabic n, a doubled consonant (っ)
_ROMAJI_WORD = re.compile(r"(?:(?:ch|sh|ts|[kgsztdnhbpmrfjwy])?y?[aeiou]|n(?![aeiouy])|([kgsztdhbpmrfjc])(?=\1|h))+")
_LATIN_WORDS = re.compile(r"[a-z]+|[^a-z\s.,'-]")  # a character that is not a letter or punctuation: not romaji
_ACCENTED = re.compile(r"[\u00c0-\u036f\u1e00-\u1eff]")  # Latin letters with marks, and the marks
_KANA_WORDS = re.compile(r"[\s・･]+")


def _no_accents(text: str) -> str:
    """Latin accents and macrons dropped (U+0300-U+036F); kana's voicing marks kept (ゾ stays ゾ)."""
    if not _ACCENTED.search(text):  # Japanese script, say: nothing to decompose
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f"))


def fold(text: str) -> str:
    """The search form of ``text``: NFKC, no accents, case folded, katakana as hiragana, long vowels once.

    >>> fold("グッド・ドクター")
    'ぐっど・どくた'
    >>> fold("Ōno Ryōhei"), fold("Ohno Ryouhei"), fold("Namba") == fold("Nanba")
    ('ono ryohei', 'ono ryohei', True)
    >>> fold("Ai Wo Sakebu") == fold("Ai o Sakebu")
    True
    """
    text = str(text)
    if text.isascii():  # most names: NFKC, accents and kana do not apply
        text = text.lower()
    else:
        text = _no_accents(unicodedata.normalize("NFKC", text)).casefold().translate(_KATAKANA).translate(_DROP)
    if "wo" in text:
        text = _WO.sub("o", text)
    return _LONG.sub(lambda m: "n" if m.group(0) == "m" else m.group(0)[0], text)


def key(text: str) -> str:
    """:func:`fold` without spacing or punctuation: the key of an exact match.

    >>> key("Ichi Rittoru no Namida") == key("ichirittoru-no-namida")
    True
    """
    return _NOT_WORD.sub("", fold(text))


def keys(name: str) -> set[str]:
    """The exact-match keys of a name as the CLI's name index holds them: :func:`key` of the name and, for
    a name in kana, of its romaji (the query is varied for the rest: :func:`query_variants`).

    >>> sorted(keys("みうら はるま")), keys("Haruma Miura")
    (['miuraharuma', 'みうらはるま'], {'harumamiura'})
    """
    folded = fold(name)
    found = {_NOT_WORD.sub("", folded)}
    if not folded.isascii() and is_kana(folded):
        found.add(_NOT_WORD.sub("", romaji(folded)))
    return found - {""}


def has_japanese(text: str) -> bool:
    """Whether ``text`` holds kana or kanji."""
    return not text.isascii() and bool(_JAPANESE.search(text))


def is_kana(text: str) -> bool:
    """Whether ``text`` is written in kana only (with spaces and middle dots)."""
    return not str(text).isascii() and bool(_KANA.match(unicodedata.normalize("NFKC", str(text))))


def romaji(text: str) -> str:
    """The Hepburn romanisation of kana ``text`` (jaconv), folded; other text as it is folded.

    >>> romaji("こいぞら"), romaji("パーフェクトワールド"), romaji("しんどう みなと")
    ('koizora', 'pafekutowarudo', 'shindo minato')
    """
    folded = fold(text)
    if not is_kana(folded):
        return folded
    import jaconv

    words = [jaconv.kana2alphabet(w.replace("を", "お")) for w in _KANA_WORDS.split(folded) if w]
    return fold(" ".join(words))


def kana(text: str) -> str:
    """Romaji ``text`` written in hiragana (jaconv), folded; ``""`` when it is not Latin letters.

    >>> kana("Koizora"), kana("miura haruma")
    ('こいぞら', 'みうら はるま')
    """
    return _kana_of(fold(text))


def _kana_of(folded: str) -> str:
    words = _LATIN_WORDS.findall(folded) if folded.isascii() else None
    if not words or not all(_ROMAJI_WORD.fullmatch(w) for w in words):
        return ""  # not romaji: no syllable structure of Hepburn (checked before jaconv, which is slow)
    import jaconv

    written = jaconv.alphabet2kana(folded)
    # romaji only if its kana reads back as the same letters ("good" is not: ごっ reads "go")
    return written if is_kana(written) and romaji(written) == folded else ""


def query_forms(text: str) -> set[str]:
    """The folded forms a typed query is looked up by: itself, its romaji if kana, its kana if romaji.

    >>> sorted(query_forms("こいぞら"))
    ['koizora', 'こいぞら']
    """
    forms = {fold(text), romaji(text)}
    written = kana(text)
    if written:
        forms.add(written)
    return {f for f in forms if f.strip()}


def variants(name: str, person: bool = False, kana: bool = True) -> set[str]:
    """Every folded form ``name`` is found by: itself, its romaji if it is kana, its kana if it is romaji
    (``kana=False`` leaves that out), and (a person's name of two words, ``person=True``) the other order
    of each."""
    return _variants(fold(name), person, kana)


def _variants(folded: str, person: bool, kana: bool) -> set[str]:
    if not person and not kana and (folded.isascii() or not is_kana(folded)):  # most names, at size
        return {folded} if folded.strip() else set()
    forms = {folded}
    if folded.isascii():
        written = _kana_of(folded) if kana else ""
        if written:
            forms.add(written)
    elif is_kana(folded):
        forms.add(romaji(folded))
    if person:
        for form in list(forms):
            words = form.split()
            if len(words) == 2:
                forms.add(f"{words[1]} {words[0]}")
    return {f for f in forms if f.strip()}


def query_variants(text: str) -> list[tuple[str, bool]]:
    """The forms a typed query is looked up by against names indexed with ``variants(name, kana=False)``
    (what the CLI and /explore index, for speed): each of :func:`query_forms`, and each two-word one in the
    other order, flagged ``True`` (a match by it counts for people only).

    >>> query_variants("Miura Haruma")
    [('miura haruma', False), ('みうら はるま', False), ('haruma miura', True), ('はるま みうら', True)]
    """
    forms = sorted(query_forms(text), key=lambda f: (not f.isascii(), f))
    found = [(f, False) for f in forms]
    for f in forms:
        words = f.split()
        if len(words) == 2:
            found.append((f"{words[1]} {words[0]}", True))
    return found


def search_forms(label: str, alternates=(), person: bool = False, kana: bool = True) -> list[str]:
    """What a node is searched by: its folded display name first, then every other folded form of its
    names (:func:`variants`), sorted. The pages ship this list (with every variant: the page's script folds
    the query but does not transliterate it); :func:`rank` reads it. /explore indexes ``person=False,
    kana=False`` and varies the query instead (:func:`query_variants`), which costs less at size.

    >>> search_forms("Haruma Miura", ["三浦春馬"], person=True)
    ['haruma miura', 'miura haruma', 'はるま みうら', 'はるまみうら', 'みうら はるま', 'みうらはるま', '三浦春馬']
    """
    first = fold(label)
    others = _variants(first, person, kana)
    for name in alternates:
        others |= variants(str(name), person, kana)
    # Japanese is written without spaces: a form in Japanese script with a space is found without it too
    if not all(f.isascii() for f in others):
        others |= {f.replace(" ", "") for f in others if " " in f and has_japanese(f)}
    return [first, *sorted(others - {first})]


def rank(forms: list[str], q: str, words: str | None = None) -> int:
    """How well folded query ``q`` matches a node's :func:`search_forms`: 0 its name, 1 another of its
    forms, 2 the start of its name, 3 the start of a word or of another form, 4 anywhere; -1 no match.
    The page's viz.js ranks the same way (``matchRank``)."""
    label = forms[0]
    if label == q:
        return 0
    if q in forms:
        return 1
    if label.startswith(q):
        return 2
    if words is None:  # " " + every form joined by spaces: callers at size pass it, made once
        words = " " + " ".join(forms)
    if (" " + q) in words:
        return 3
    return 4 if q in words else -1


def close(q: str, candidates, n: int = 3) -> list[str]:
    """Up to ``n`` of ``candidates`` (folded forms) closest to folded ``q`` by edit distance (at most a
    quarter of its length, at least 1), closest first: "did you mean". By rapidfuzz (MIT; its C++
    Levenshtein takes milliseconds over the 150,000 names of 20,000 titles). The page's viz.js does the
    same in JavaScript.

    >>> close("koizara", ["koizora", "koi", "kozora"])
    ['koizora']
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    limit = max(1, len(q) // 4)
    found = process.extract(q, candidates if isinstance(candidates, list) else list(candidates),
                            scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
    return [c for _, c in sorted((score, c) for c, score, _ in found)[:n]]
