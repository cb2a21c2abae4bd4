r"""Step 6: the interactive page, one self-contained HTML file that works offline.

Why one file of ~530 lines: the page's data (nodes, edges, legend, label scaling, renderer, budget) is one
contract with ``static/viz.js`` and its two renderers; the layout itself lives in :mod:`graph.network.layout`.

The last step of the data's way for people (``network`` → ``page``): a networkx view becomes pyvis's
node and edge model, then one HTML file rendered by Jinja2 (autoescaping on) from the package's own
template ``graph/web/templates/viz.html`` with ``graph/web/static/viz.js`` and ``viz.css``, because every pyvis
template links Bootstrap or vis-network from a CDN. vis-network 9.1.2 (vendored in
``graph/web/static/vendor/`` with its Apache-2.0 and MIT licences, see :data:`VIS_LICENCE`) is inlined, so
opening the file makes no network request. :func:`page_environment` is the one place where text is
made safe to inline in ``<script>`` and ``<style>``; ``graph.web.httpapp`` renders the explorer page with it too.

Labels, alternate names and facts are data, never HTML: they travel as JSON in a
``<script type="application/json">`` block (``<``, ``>``, ``&`` and line separators escaped), and the
page builds tooltips, the legend and search results with ``textContent``. The same graph always gives
the same bytes: nodes and edges are sorted, the layout is seeded, nothing is timestamped.

Above ``physics_threshold`` nodes the layout is computed in Python (spectral for large components,
spring for small ones, components packed on a grid) and physics is off, so that a graph of 10,000 nodes
is usable at once instead of settling for minutes.

Two renderers draw the same data (issue 14 §2): vis-network for small and middle-sized views, and above
:data:`SIGMA_THRESHOLD` nodes sigma.js 3.0.3 with graphology 0.26.0 (WebGL; vendored in
``graph/web/static/vendor/`` with their MIT licences, see :data:`SIGMA_LICENCE`), which keeps 15,000 nodes
fluid. ``static/viz.js`` is the page's interface whichever draws; ``static/render-vis.js`` and
``static/render-sigma.js`` are the two adapters behind it.

>>> import networkx as nx
>>> G = nx.Graph(); G.add_node("a", label="<b>A</b>", kind="title"); G.add_node("b", label="B", kind="person")
>>> G.add_edge("a", "b", relation="actor", label="B as C")
>>> html = render(G, title="t")
>>> "<b>A</b>" in html, "\\u003cb\\u003eA" in html
(False, True)
"""

from __future__ import annotations

import functools
import html as _html
import json
import math
import os
from pathlib import Path

from ..query import namefold
from ..query.names import fold

__all__ = ["render", "viz", "check_budget", "MAX_EDGES", "default_page_name", "VizPage", "KIND_STYLE", "VIS_LICENCE", "vis_assets",
           "page_environment", "static_text", "RENDERERS", "SIGMA_THRESHOLD", "SIGMA_LICENCE", "sigma_assets",
           "choose_renderer"]

VIS_VERSION = "9.1.2"
VIS_LICENCE = ("vis-network 9.1.2 (https://visjs.github.io/vis-network/), (c) 2011-2017 Almende B.V, "
               "(c) 2017-2019 visjs contributors; dual licensed under the Apache License 2.0 and the MIT License")
SIGMA_VERSION = "3.0.3"
GRAPHOLOGY_VERSION = "0.26.0"
SIGMA_LICENCE = ("sigma.js 3.0.3 (https://www.sigmajs.org), (c) 2013-2025 Alexis Jacomy, Guillaume Plique, Benoît Simard, "
                 "with events 3.3.0 (c) Joyent, Inc. and Node contributors and graphology-utils 2.5.2; graphology 0.26.0 "
                 "(https://graphology.github.io), (c) 2016-2021 Guillaume Plique; all under the MIT License")

RENDERERS = ("auto", "vis", "sigma")
SIGMA_THRESHOLD = 5000  # renderer "auto": vis-network up to this many nodes, sigma.js (WebGL) above

# kind -> (colour, shape, legend label)
KIND_STYLE = {
    "title": ("#e6550d", "box", "title"),
    "person": ("#3182bd", "dot", "person"),
    "character": ("#9e9ac8", "ellipse", "character"),
    "illness": ("#de2d26", "diamond", "illness"),
    "theme": ("#31a354", "triangle", "theme"),
    "work": ("#8c6d31", "square", "source work or version"),
    "work kind": ("#969696", "hexagon", "kind of work"),
    "concept": ("#74c476", "triangle", "concept"),
    "other": ("#bdbdbd", "dot", "other"),
}


_HERE = Path(__file__).resolve().parent
STATIC = _HERE / "static"
TEMPLATES = _HERE / "templates"


def static_text(name: str) -> str:
    """A file of ``graph/web/static/`` as text (``viz.js``, ``vendor/vis-network-9.1.2/vis-network.min.js``)."""
    return (STATIC / name).read_text(encoding="utf-8")


def vis_assets() -> tuple[str, str]:
    """The vendored vis-network JavaScript and CSS, as text."""
    folder = f"vendor/vis-network-{VIS_VERSION}"
    return static_text(f"{folder}/vis-network.min.js"), static_text(f"{folder}/vis-network.min.css")


def sigma_assets() -> tuple[str, str]:
    """The vendored graphology and sigma.js JavaScript, as text (graphology first: sigma draws its graphs)."""
    return (static_text(f"vendor/graphology-{GRAPHOLOGY_VERSION}/graphology.umd.min.js"),
            static_text(f"vendor/sigma-{SIGMA_VERSION}/sigma.min.js"))


def choose_renderer(renderer: str, nodes: int, layout: str = "auto", threshold: int = SIGMA_THRESHOLD) -> str:
    """``vis`` or ``sigma`` for a page of ``nodes`` nodes: ``auto`` is vis-network up to ``threshold``
    nodes and sigma.js above (sigma draws a precomputed layout only, so ``layout="physics"`` keeps vis).

    >>> choose_renderer("auto", 8), choose_renderer("auto", 5001), choose_renderer("vis", 20000)
    ('vis', 'sigma', 'vis')
    """
    if renderer not in RENDERERS:
        raise ValueError(f"renderer must be {', '.join(RENDERERS[:-1])} or {RENDERERS[-1]}, not {renderer!r}")
    if renderer == "sigma" and layout == "physics":
        raise ValueError("the sigma renderer draws a precomputed layout, not physics: use layout='precomputed' or 'auto'")
    if renderer == "auto":
        return "sigma" if nodes > threshold and layout != "physics" else "vis"
    return renderer


def _sigma_settings(positions: dict, shown: int) -> dict:
    """sigma.js's label grid for the opening zoom: cells of about the drawing's area (the layout fitted in
    :data:`PLANNED_CANVAS`, about 70% of its box covered) over ``shown``, each naming its largest (most
    linked) node, so about ``shown`` labels at the opening zoom and more per cell as one zooms in; labels
    :data:`LABEL_MIN_PX` + 1 px high at every zoom (sigma draws them at a fixed size)."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    width, height = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    canvas = (PLANNED_CANVAS[0] - 60, PLANNED_CANVAS[1] - 60)  # less sigma's stage padding
    scale = min(canvas[0] / width, canvas[1] / height)
    cell = max(60, min(220, round(math.sqrt(0.7 * width * height * scale * scale / max(shown, 1)))))
    return {"labelSize": LABEL_MIN_PX + 1, "labelDensity": 1, "labelGridCellSize": cell,
            "labelRenderedSizeThreshold": 4}


def _json_for_script(value) -> str:
    """JSON that can sit inside <script>: no "</script>", no "<!--", no raw line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def page_environment():
    """The Jinja2 environment of dramagraph's pages: templates from ``graph/web/templates/``, autoescaped,
    with the filters that inline text safely: ``script_safe`` and ``style_safe`` (a library's own text
    could contain ``</script`` or ``</style`` in a string: broken so that the HTML parser does not end the
    element early) and ``script_json`` (data as JSON inside ``<script>``)."""
    return _environment()


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["script_safe"] = lambda text: Markup(str(text).replace("</script", "<\\/script"))
    env.filters["style_safe"] = lambda text: Markup(str(text).replace("</style", "<\\/style"))
    env.filters["script_json"] = lambda value: Markup(_json_for_script(value))
    return env


def _layout(G, seed: int) -> dict:
    """Seeded positions (see :mod:`graph.network.layout`): force-directed per component, outliers pulled in,
    components packed side by side."""
    from ..network.layout import layout

    return layout(G, seed=seed)


# Shapes whose label sits inside them become shapes labelled below (labels come and go by zoom)
_OUTSIDE_LABEL = {"box": "square", "square": "triangleDown", "ellipse": "star"}

# The canvas the opening zoom is planned for (a desktop window less the sidebar), in CSS pixels
PLANNED_CANVAS = (900, 650)
LABEL_MIN_PX = 12  # labels drawn on screen are at least this big (vis-network fades them in from here)


def _tooltip_facts(data: dict) -> list[list[str]]:
    facts = [["kind", data.get("kind", "other")]]
    alternates = data.get("altNames") or []
    if alternates:
        facts.append(["also known as", " | ".join(map(str, alternates))])
    for key, value in sorted((data.get("facts") or {}).items()):
        if value not in (None, "", []):
            facts.append([str(key), " | ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)])
    return facts


def render(G, out_path: str | os.PathLike | None = None, *, title: str = "dramagraph", caption: str = "",
           layout: str = "auto", seed: int = 42, physics_threshold: int = 500, labelled: int = 30,
           renderer: str = "auto", sigma_threshold: int = SIGMA_THRESHOLD) -> str:
    """The page for networkx graph ``G`` (nodes with ``label``, ``kind``, optional ``altNames``,
    ``facts`` and ``illnesses``; edges with ``relation`` and optional ``label`` and ``weight``), written
    atomically to ``out_path`` when given. ``layout``: ``auto`` (physics up to ``physics_threshold``
    nodes, then precomputed), ``physics`` or ``precomputed``. Labels are drawn by importance and zoom (on
    the vis page ``static/render-vis.js`` sizes them from the real canvas once drawn): about ``labelled``
    of the most linked nodes at the opening zoom, none covering another, each at least
    :data:`LABEL_MIN_PX` pixels high. ``renderer``: ``vis`` (vis-network), ``sigma``
    (sigma.js, WebGL, always a precomputed layout) or ``auto`` (:func:`choose_renderer`: sigma above
    ``sigma_threshold`` nodes)."""
    from pyvis.network import Network

    if layout not in ("auto", "physics", "precomputed"):
        raise ValueError(f"layout must be auto, physics or precomputed, not {layout!r}")
    renderer = choose_renderer(renderer, len(G), layout, sigma_threshold)
    sigma = renderer == "sigma"
    precomputed = sigma or layout == "precomputed" or (layout == "auto" and len(G) > physics_threshold)
    positions = _layout(G, seed) if precomputed else {}
    degree = dict(G.degree())
    net = Network(height="100%", width="100%", directed=G.is_directed())
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        kind = data.get("kind", "other")
        colour, shape, _ = KIND_STYLE.get(kind, KIND_STYLE["other"])
        extra = {"x": positions[node][0], "y": positions[node][1]} if precomputed else {}
        value = degree.get(node, 0) + 1
        if precomputed:  # size by the logarithm of the links (hubs of thousands would dwarf the rest)
            value = 1 + round(10 * math.log2(value))
        # labels outside the shape: labels are drawn by importance and zoom (a box or ellipse would be
        # drawn empty, at its label's size, when its label is not), and measuring each one is slow
        shape = _OUTSIDE_LABEL.get(shape, shape)
        if sigma:  # sigma's WebGL programs draw discs (the legend says so)
            shape = "dot"
        net.add_node(str(node), label=str(data.get("label", node)), shape=shape, color=colour, value=value, **extra)
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((a, b, None, d) for a, b, d in G.edges(data=True))
    rows = sorted(((str(a), str(b), str(k), d) for a, b, k, d in edges), key=lambda e: e[:3])
    # pyvis's add_edge compares each new edge with every earlier one (quadratic: 30 s for 24,000 edges)
    # and drops parallel edges of a multigraph; the nodes are known to exist, so use its Edge directly
    from pyvis.edge import Edge

    for i, (a, b, _, data) in enumerate(rows):
        net.edges.append(Edge(a, b, G.is_directed(), id=f"e{i}").options)
    nodes, net_edges, *_ = net.get_network_data()
    by_id = {str(n): G.nodes[n] for n in G.nodes}
    page_nodes = []
    for node in nodes:
        data = by_id[node["id"]]
        node = {k: v for k, v in node.items() if k in ("id", "label", "shape", "color", "value", "x", "y")}
        node.update(kind=data.get("kind", "other"), altNames=[str(a) for a in data.get("altNames") or []],
                    facts=_tooltip_facts(data), illnesses=sorted(map(str, data.get("illnesses") or [])),
                    search="\n".join(namefold.search_forms(data.get("searchLabel", node["label"]),
                                                            [node["label"], *(data.get("altNames") or [])],
                                                            person=data.get("kind") == "person")))
        page_nodes.append(node)
    page_edges = []
    for edge, (_, _, _, data) in zip(net_edges, rows):
        relation = str(data.get("relation", ""))
        text = str(data.get("label") or relation)
        tip = text if text == relation else f"{relation}: {text}"
        page_edge = {"id": edge["id"], "from": edge["from"], "to": edge["to"], "relation": relation, "tip": tip}
        if isinstance(data.get("weight"), (int, float)):
            page_edge["weight"] = data["weight"]
            page_edge["tip"] = f"{relation} (weight {data['weight']}): {text}"
        page_edges.append(page_edge)
    kinds = sorted({n["kind"] for n in page_nodes}, key=lambda k: list(KIND_STYLE).index(k) if k in KIND_STYLE else 99)
    legend = [[k, KIND_STYLE.get(k, KIND_STYLE["other"])[0], KIND_STYLE.get(k, KIND_STYLE["other"])[2]] for k in kinds]
    illnesses = sorted({i for n in page_nodes for i in n["illnesses"]}, key=fold)
    scaling = {"min": 8, "max": 40}
    # labels by importance and zoom: render-vis.js gives each label its size (the opening zoom is known
    # only once drawn, on the real canvas); the size here is never used
    scaling["label"] = {"enabled": False, "maxVisible": 26, "drawThreshold": LABEL_MIN_PX + 1}
    options = {
        "autoResize": True,
        "edges": {"smooth": False, "color": {"color": "#bbbbbb", "highlight": "#555555"}, "width": 1},
        "nodes": {"font": {"size": 1}, "scaling": scaling},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": precomputed},
        "physics": ({"enabled": False} if precomputed else
                    {"enabled": True, "solver": "barnesHut", "stabilization": {"enabled": True, "iterations": 200},
                     "barnesHut": {"gravitationalConstant": -4000, "springLength": 120}}),
        "layout": {"randomSeed": seed, "improvedLayout": len(G) <= 100},
    }
    notes = [["size", "a node's size grows with its number of links"
                      + (" (on a logarithmic scale)" if precomputed else "")],
             ["colour", "the kind of node (see the legend; every node is drawn as a disc)"] if sigma else
             ["colour and shape", "the kind of node (see the legend)"]]
    if precomputed:
        notes.append(["labels", f"the most linked nodes are named first (about {labelled} at the opening zoom); "
                                f"zoom in for more, or search a name"])
    payload = {"nodes": page_nodes, "edges": page_edges, "legend": legend, "legendNotes": notes,
               "labels": {"shown": labelled, "minPx": LABEL_MIN_PX, "maxVisible": 26, "planned": list(PLANNED_CANVAS)},
               "illnesses": illnesses, "options": {} if sigma else options, "precomputed": precomputed,
               "renderer": renderer, "broader": [list(pair) for pair in G.graph.get("broader", [])]}
    if sigma:
        payload["sigma"] = _sigma_settings(positions, labelled)
    if precomputed:
        caption = (caption + " " if caption else "") + " ".join(f"{a[0].upper()}{a[1:]}: {b}." for a, b in notes)
    if sigma:
        libraries, css, licence = list(sigma_assets()), "", SIGMA_LICENCE
    else:
        js, css = vis_assets()
        libraries, licence = [js], VIS_LICENCE
    page = page_environment().get_template("viz.html").render(
        title=title, caption=caption, licence=licence, renderer=renderer, renderer_css=css, libraries=libraries,
        adapter_js=static_text(f"render-{renderer}.js"), page_css=static_text("viz.css"),
        page_js=static_text("viz.js"), data=payload)
    if out_path is not None:
        from ..rdf.rdfio import atomic_write

        atomic_write(out_path, page)
    return page


class VizPage:
    """A written page: ``path``; in Jupyter it shows itself (an iframe of the page)."""

    def __init__(self, path: Path, html_text: str, nodes: int, edges: int, replaced: bool = False):
        self.path, self.html, self.nodes, self.edges = path, html_text, nodes, edges
        self.replaced = replaced  # an existing file was overwritten

    def __repr__(self) -> str:
        return f"VizPage({str(self.path)!r}, nodes={self.nodes}, edges={self.edges})"

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" style="width:100%;height:640px;'
                f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')


VIEW_CAPTIONS = {
    "full": "Titles, people, characters, illnesses and themes, source works and other versions",
    "cast": "People and the titles they act in (an edge per role)",
    "co-actor": "People linked when they share a title",
    "title": "Titles linked by shared actors, related illnesses and the kind of source work",
}


def _facts(kg) -> dict:
    from ..query.querying import run_named

    facts = {}
    for row in run_named(kg, "title-facts").rows:
        entry = row.get("entry")
        facts[row["title"]] = {
            "type": row.get("kind"), "year": row.get("year"), "episodes": row.get("episodes"),
            "source work": row.get("basedOn"), "illnesses": row.get("illnesses"),
            "from": f"the article, entry {entry}" if entry else None,
            "_illnesses": (row.get("illnesses") or "").split(" | ") if row.get("illnesses") else [],
        }
    return facts


def default_page_name(view: str, around: str | None = None, depth: int = 1) -> str:
    """The page's file name when none is given: it follows the view and the focus.

    >>> default_page_name("full"), default_page_name("cast", "Haruma Miura", 2)
    ('dramagraph-full.html', 'dramagraph-cast-around-haruma-miura-depth-2.html')
    """
    from ..rdf.iris import slugify

    if around is None:
        return f"dramagraph-{view}.html"
    return f"dramagraph-{view}-around-{slugify(around)}-depth-{depth}.html"


MAX_EDGES = 50_000  # the page's default edge budget (a page of 50,000 edges is about 15 MB)
WEIGHTED_VIEWS = ("title", "co-actor")


def _page_megabytes(G) -> float:
    """About how big the page of ``G`` would be: its edges and nodes as the page's JSON holds them."""
    from ..network.netsize import page_megabytes

    return page_megabytes(G.number_of_nodes(), G.number_of_edges(),
                          sum(2 * len(str(n)) + 2 * len(str(d.get("label", ""))) for n, d in G.nodes(data=True)),
                          sum(2 * (len(str(a)) + len(str(b))) + len(str(d.get("label") or d.get("relation", "")))
                              for a, b, d in G.edges(data=True)))


def _megabytes(size: float) -> str:
    return f"{size:.1f}" if size < 10 else f"{size:,.0f}"


def _smallest_fitting_weight(counts, budget: int) -> tuple[int | None, int]:
    """The least whole ``min_weight`` that keeps at most ``budget`` edges, and how many it keeps, from
    the number of edges of each weight (a Counter)."""
    kept = 0
    for weight in sorted(counts, reverse=True):
        if kept + counts[weight] > budget:
            threshold = math.floor(weight) + 1
            return threshold, sum(c for w, c in counts.items() if w >= threshold)
        kept += counts[weight]
    return None, kept


def _refuse(view, around, nodes, edges, max_edges, megabytes, weights=None, at_least=False):
    """The one-line :class:`graph.errors.UsageError` of a view over the page's budget: what the page
    would hold and how to narrow it, before anything is written."""
    from ..errors import UsageError

    where = f"the {view} view around {around}" if around else f"the {view} view"
    ways = ["--around NAME" if not around else "a smaller --depth"]
    if view in WEIGHTED_VIEWS:
        threshold, kept = _smallest_fitting_weight(weights, max_edges) if weights is not None else (None, 0)
        ways.append(f"--min-weight {threshold} (keeps {kept:,} edges)" if threshold is not None else "--min-weight N")
    ways.append("another --view")
    more = "at least " if at_least else ""
    return UsageError(f"{where} has {nodes:,} nodes and {more}{edges:,} edges, over the page's budget of "
                      f"{max_edges:,} edges (the page would be {more or 'about '}{_megabytes(megabytes)} MB); "
                      f"nothing written: narrow it with {', '.join(ways)}, or raise --max-edges")


def check_budget(G, view: str, max_edges: int = MAX_EDGES, around: str | None = None) -> None:
    """Raise :class:`graph.errors.UsageError` (one line) when ``G`` has more than ``max_edges`` edges:
    what the page would hold and how to narrow it, before anything is written."""
    from collections import Counter

    edges = G.number_of_edges()
    if max_edges is None or edges <= max_edges:
        return
    weights = Counter(d.get("weight", 1) for _, _, d in G.edges(data=True)) if view in WEIGHTED_VIEWS else None
    raise _refuse(view, around, G.number_of_nodes(), edges, max_edges, _page_megabytes(G), weights)


def check_counted_budget(kg, view: str, max_edges: int | None = MAX_EDGES, min_weight: float | None = None) -> None:
    """Refuse a whole view over ``max_edges`` from the network index's counts (:mod:`graph.network.netsize`),
    before building it: within seconds on a large store, where building the view to count it took
    minutes. Does nothing without an index or when the counts cannot tell (then :func:`check_budget`
    judges the built view)."""
    if max_edges is None:
        return
    from ..network.netbuild import current
    from ..network.netsize import view_size

    ix = current(kg)
    if ix is None:
        return
    size = view_size(ix, view, max_edges, min_weight)
    if size is not None and size.edges > max_edges:
        raise _refuse(view, None, size.nodes, size.edges, max_edges, size.megabytes, size.weights,
                      size.at_least)


def _relabel(kg, G, lang: str) -> None:
    """Each node's display name in ``lang`` (:meth:`graph.query.names.NameIndex.label_in`); the name it
    had becomes an alternate name, and the search ranks by it (``searchLabel``) as on the English page."""
    from ..query.names import index

    idx = index(kg)
    for node, data in G.nodes(data=True):
        shown = idx.label_in(node, lang)
        if shown != node and shown != data.get("label"):
            data["altNames"] = sorted((set(map(str, data.get("altNames") or [])) | {str(data.get("label", node))}) - {shown})
            data["searchLabel"] = str(data.get("label", node))  # the search ranks as on the English page
            data["label"] = shown


def viz(kg, view: str = "full", out: str | os.PathLike | None = None, around: str | None = None,
        depth: int | None = None, layout: str = "auto", seed: int = 42, *, max_edges: int | None = MAX_EDGES,
        min_weight: float | None = None, renderer: str = "auto", lang: str = "en") -> VizPage:
    """Write the page of a network ``view`` (optionally only the neighbourhood of ``around`` within
    ``depth`` hops, default 1) to ``out`` (an ``.html`` file; default :func:`default_page_name`) and
    return it. ``VizPage.replaced`` says whether an existing file was overwritten.

    ``min_weight`` keeps only the edges of at least that weight (the ``title`` and ``co-actor``
    views, whose edges are weighted); a page of more than ``max_edges`` edges (None: no limit) is
    refused with a :class:`graph.errors.UsageError` saying how to narrow it (:func:`check_budget`).
    ``renderer``: ``auto`` (vis-network up to :data:`SIGMA_THRESHOLD` nodes, sigma.js above), ``vis`` or
    ``sigma`` (WebGL; with ``layout="physics"`` refused with a UsageError)."""
    import networkx as nx

    from ..errors import UsageError
    from ..network.networks import network

    if out is not None and Path(out).suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{out}: the page is HTML; give a file name ending in .html")
    if depth is not None and around is None:
        raise UsageError("--depth needs --around NAME: it counts the hops around that node")
    depth = 1 if depth is None else depth
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    if min_weight is not None and view not in WEIGHTED_VIEWS:
        raise UsageError(f"--min-weight applies to the weighted views ({' and '.join(WEIGHTED_VIEWS)}), "
                         f"not to the {view} view")
    if max_edges is not None and max_edges < 0:
        raise UsageError(f"--max-edges must be 0 or more, not {max_edges}")
    if renderer not in RENDERERS:
        raise UsageError(f"--renderer must be {', '.join(RENDERERS[:-1])} or {RENDERERS[-1]}, not {renderer}")
    if renderer == "sigma" and layout == "physics":
        raise UsageError("--renderer sigma draws a precomputed layout: use --layout precomputed or auto, or --renderer vis")
    heading = f"dramagraph: {view} network"
    focus = None
    if around:
        from ..network.explore import neighbourhood
        from ..query.names import resolve

        node = resolve(kg, around)
        G = neighbourhood(kg, view, node.iri, depth)  # from the network index, without the whole view
        if G is None:
            G = network(kg, view)
            if node.iri not in G:
                raise UsageError(f"{node.label} ({node.kind}) is not in the {view} network; try --view full")
            G = nx.ego_graph(G, node.iri, radius=depth)
        heading += f" around {node.label}"
        focus = node.label
    else:
        check_counted_budget(kg, view, max_edges, min_weight)
        G = network(kg, view)
    if min_weight is not None:
        light = [(a, b) for a, b, w in G.edges(data="weight", default=1) if w < min_weight]
        G = G.copy()
        G.remove_edges_from(light)
        heading += f", edges of weight {min_weight:g} or more"
    check_budget(G, view, max_edges, focus)
    G = G.copy()
    if lang != "en":
        _relabel(kg, G, lang)
    from ..query.querying import run_named  # the illness filter follows the hierarchy: narrower -> broader labels

    G.graph["broader"] = sorted({(row["label"], row["broaderLabel"]) for row in run_named(kg, "illness-tree").rows
                                 if row.get("broaderLabel")})
    facts = _facts(kg)
    for node, data in G.nodes(data=True):
        if node in facts:
            info = dict(facts[node])
            data["illnesses"] = info.pop("_illnesses")
            data["facts"] = info
    from ..query.facts import dispute_text, disputes  # a disputed claim shows both sides in the details panel

    for node, found in disputes(kg).items():
        if node in G:
            G.nodes[node].setdefault("facts", {})["disputed"] = [dispute_text(d) for d in found]
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    caption = (f"{VIEW_CAPTIONS.get(view, view)}: {nodes} node{'s' * (nodes != 1)}, "
               f"{edges} edge{'s' * (edges != 1)}. "
               f"Source: \"Top 8 Most Inspiring Japanese Dramas and Movies\" (Mare, 2020) and the data you added.")
    path = Path(out or default_page_name(view, focus, depth))
    replaced = path.exists()
    text = render(G, path, title=heading, caption=caption, layout=layout, seed=seed, renderer=renderer)
    return VizPage(path, text, G.number_of_nodes(), G.number_of_edges(), replaced)
