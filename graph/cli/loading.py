"""The commands that make data and stores: ``synth``, ``synth-imdb``, ``import-imdb``, ``import-wikidata``,
``link`` and ``load`` (each calls one function of :mod:`graph.api` and reports what it wrote)."""

from __future__ import annotations

import json

from .. import api
from .commands import _n, _note, _print



def cmd_synth(args) -> int:
    count = api.synth(args.out, args.titles, args.seed, progress=True, themes=args.themes)
    _note(f"wrote {args.out}: {args.titles} titles, {count} triples (seed {args.seed})")
    return 0


def cmd_synth_imdb(args) -> int:
    counts = api.synth_imdb(args.out, args.principals, args.seed, gz=args.gz, progress=True)
    _note(f"wrote IMDb-format files into {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()
                                                                   if isinstance(v, int)))
    return 0


def _import_report(info: dict, args) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in info.get("counts", {}).items() if isinstance(v, int) and v)
    if args.format == "json":
        _print(json.dumps(info, indent=2, ensure_ascii=False, default=str))
    else:
        _print(f"imported into {info['store']} ({info['graph']}): {counts}")
        for skipped, n in sorted((info.get("counts", {}).get("skipped") or {}).items()):
            _print(f"  skipped {_n(n, 'row')} of type {skipped}")
    _note(f"the store holds {_n(info['triples'], 'triple')}; took {info['seconds']:.1f} s; use it with "
          f"--store {info['store']} (or DRAMAGRAPH_STORE); `dramagraph link --store {info['store']}` links "
          f"the imported titles and people to the article's")


def _indexed_note(info: dict) -> None:
    if info.get("indexSeconds") is not None:
        _note(f"indexed the network in {info['indexSeconds']:.1f} s (path, links, similar, co-actors use it)")


def cmd_import_imdb(args) -> int:
    info = api.import_imdb(args.folder, store=args.store, region=args.region, types=args.types,
                           categories=args.categories, episodes=args.episodes, data_dir=args.data_dir,
                           progress=True, wait=args.wait, index=not args.no_index)
    _import_report(info, args)
    _indexed_note(info)
    return 0


def cmd_import_wikidata(args) -> int:
    info = api.import_wikidata(args.file, store=args.store, name=args.name, data_dir=args.data_dir,
                               progress=True, wait=args.wait, index=not args.no_index)
    _import_report(info, args)
    _indexed_note(info)
    return 0


def cmd_link(args) -> int:
    info = api.link(store=args.store, progress=True, wait=args.wait, index=not args.no_index)
    _indexed_note(info)
    if args.format == "json":
        _print(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return 0
    for m in info["matches"]:
        _print(f"{m['kind']}\t{api.shorten(m['a'])}\t{api.shorten(m['b'])}\t{m['score']:.2f}\t{'; '.join(m['evidence'])}")
    for case in info["ambiguous"]:
        _print(f"ambiguous\t{api.shorten(case['node'])}\t{', '.join(map(api.shorten, case['candidates']))}\t"
              f"{case.get('why', '')}")
    _note(f"linked {_n(len(info['matches']), 'pair')}; {_n(len(info['ambiguous']), 'ambiguous case')} "
          f"listed, not linked; in {info['store']} in {info['seconds']:.1f} s")
    return 0


def cmd_load(args) -> int:
    info = api.load_store(args.files, args.store, wait=args.wait, progress=True, base=args.base,
                          union=not args.no_union, index=not args.no_index)
    _note(f"loaded {_n(len(info['files']), 'file')}, {_n(info['triples'], 'triple')}, into {args.store} "
          f"in {info['seconds']:.1f} s; use it with --store {args.store} or DRAMAGRAPH_STORE")
    _indexed_note(info)
    return 0
