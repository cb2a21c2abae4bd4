// The page's own interface, whichever renderer draws the graph: search, results by keyboard, the
// legend and its filter, the illness filter, the details panel, selection, focus and reset. The
// renderer (render-vis.js or render-sigma.js, inlined before this file) defines window.dgRenderer.
(function () {
  "use strict";
  // Labels, names and facts are data: every text below is set with textContent, never as HTML.
  var data = JSON.parse(document.getElementById("dg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function $(id) { return document.getElementById(id); }
  // a query folded as graph/query/namefold.py folds names (the names come folded in n.search): NFKC,
  // Latin accents and macrons dropped, lower case, katakana as hiragana, ー dropped, the particle wo as
  // o, long vowels once (Ryō = Ryou = Ryoh = Ryo), m before b/p as n
  function fold(s) {
    s = String(s).normalize("NFKC").normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").toLowerCase();
    s = s.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); })
         .replace(/[\u30fc\uff70]/g, "").replace(/\bwo\b/g, "o");
    return s.replace(/ou|oo|oh(?![aeiouy])|uu|aa|ii|ee|m(?=[bp])/g, function (m) { return m === "m" ? "n" : m[0]; });
  }
  // "did you mean": the forms within a small edit distance of the query (as namefold.close)
  function distance(a, b, limit) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      if (Math.min.apply(null, cur) > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  function closeNames(q, any) {  // any: every node, not only the shown ones
    var limit = Math.max(1, Math.floor(q.length / 4)), scored = [];
    Object.keys(info).forEach(function (id) {
      var n = info[id], best = limit + 1;
      n.forms.forEach(function (f) { if (Math.abs(f.length - q.length) <= limit) best = Math.min(best, distance(q, f, limit)); });
      if (best <= limit && (any || visible(n))) scored.push([best, n]);
    });
    scored.sort(function (a, b) { return a[0] - b[0] || kindOrder(a[1].kind) - kindOrder(b[1].kind) || byName(a[1].label, b[1].label); });
    var names = [];
    scored.forEach(function (s) { if (names.length < 3 && names.indexOf(s[1].label) < 0) names.push(s[1].label); });
    return names;
  }

  // ------------------------------------------------------------------ the network
  var info = {};
  var kindRank = {}, kindName = {}, kindShape = {};
  data.legend.forEach(function (k, i) { kindRank[k[0]] = i; kindName[k[0]] = k[2]; });
  data.nodes.forEach(function (n) {
    info[n.id] = { id: n.id, label: n.label, kind: n.kind, facts: n.facts, illnesses: n.illnesses,
                   forms: n.search.split("\n"), search: " " + n.search.split("\n").join(" ") };
    info[n.id].label0 = info[n.id].forms[0];
    if (!(n.kind in kindShape)) kindShape[n.kind] = n.shape;
  });
  var R = window.dgRenderer($("dg-network"), data);  // the renderer's adapter
  var state = { kinds: {}, illness: "", selected: null };
  data.legend.forEach(function (k) { state.kinds[k[0]] = true; });

  // ------------------------------------------------------------------ the illness hierarchy
  // data.broader: [narrower label, broader label] pairs (skos:broader); the filter of a term also
  // keeps the titles about any narrower term ("cancer" keeps the titles about leukemia).
  var narrower = {}, broaderOf = {}, terms = {};
  data.illnesses.forEach(function (name) { terms[name] = true; });
  (data.broader || []).forEach(function (pair) {
    terms[pair[0]] = true; terms[pair[1]] = true;
    (narrower[pair[1]] = narrower[pair[1]] || []).push(pair[0]);
    (broaderOf[pair[0]] = broaderOf[pair[0]] || []).push(pair[1]);
  });
  function below(term) {  // the term and every narrower one, each once
    var seen = {}, out = [], todo = [term];
    while (todo.length) {
      var t = todo.pop();
      if (seen[t]) continue;
      seen[t] = true; out.push(t);
      (narrower[t] || []).forEach(function (m) { todo.push(m); });
    }
    return out;
  }
  function byName(a, b) { return fold(a).localeCompare(fold(b)); }

  function visible(n) {
    if (!state.kinds[n.kind]) return false;
    if (!state.illness) return true;
    return illnessSet.has(n.id);
  }
  function isVisible(id) { return info[id] !== undefined && visible(info[id]); }
  var illnessSet = new Set(), illnessTitles = 0;
  function computeIllnessSet() {
    illnessSet = new Set(); illnessTitles = 0;
    if (!state.illness) return;
    var wanted = {};
    below(state.illness).forEach(function (t) { wanted[t] = true; });
    Object.keys(info).forEach(function (id) {
      var n = info[id];
      if (n.kind === "illness" && wanted[n.label]) illnessSet.add(id);
      if (n.illnesses.some(function (i) { return wanted[i]; })) {
        illnessTitles += 1;
        illnessSet.add(id);
        R.neighbours(id).forEach(function (m) { illnessSet.add(m); });
      }
    });
  }
  function refresh() {
    if (state.selected !== null && !isVisible(state.selected)) { state.selected = null; R.select(null); }
    if (state.selected === null) closeDetails(); else openDetails(state.selected);
    var neighbours = null;
    if (state.selected !== null) {
      neighbours = new Set(R.neighbours(state.selected));
      neighbours.add(state.selected);
    }
    if (shownPath !== null) {  // a path shown: its nodes stay bright (with the selection's, if any)
      neighbours = neighbours || new Set();
      shownPath.nodes.forEach(function (m) { neighbours.add(m); });
    }
    var shown = 0;
    data.nodes.forEach(function (n) { if (visible(info[n.id])) shown += 1; });
    R.apply(isVisible, neighbours);  // hidden by the filters; the selection's others fade and lose their labels
    $("dg-status").textContent = shown + " of " + data.nodes.length + " nodes shown";
    if (input.value) showResults();
  }

  // ------------------------------------------------------------------ legend: shape, colour, kind
  function shapeIcon(shape, colour) {
    var svg = document.createElementNS(SVG, "svg"), s;
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("class", "dg-shape");
    function poly(points) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", points); }
    if (shape === "box") { s = document.createElementNS(SVG, "rect"); s.setAttribute("x", "1"); s.setAttribute("y", "4"); s.setAttribute("width", "14"); s.setAttribute("height", "8"); s.setAttribute("rx", "2"); }
    else if (shape === "square") { s = document.createElementNS(SVG, "rect"); s.setAttribute("x", "2"); s.setAttribute("y", "2"); s.setAttribute("width", "12"); s.setAttribute("height", "12"); }
    else if (shape === "ellipse") { s = document.createElementNS(SVG, "ellipse"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("rx", "7"); s.setAttribute("ry", "4.5"); }
    else if (shape === "diamond") poly("8,1 15,8 8,15 1,8");
    else if (shape === "triangle") poly("8,1.5 15,14 1,14");
    else if (shape === "triangleDown") poly("1,2 15,2 8,14.5");
    else if (shape === "hexagon") poly("4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8");
    else if (shape === "star") poly("8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6");
    else { s = document.createElementNS(SVG, "circle"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6"); }
    s.setAttribute("fill", colour); s.setAttribute("stroke", "#343434"); s.setAttribute("stroke-width", "0.75");
    svg.appendChild(s);
    return svg;
  }
  var legend = $("dg-legend");
  data.legend.forEach(function (k) {
    var label = el("label"); label.setAttribute("data-kind", k[0]);
    label.setAttribute("data-shape", kindShape[k[0]] || "dot");
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { state.kinds[k[0]] = box.checked; refresh(); });
    label.appendChild(box); label.appendChild(shapeIcon(kindShape[k[0]] || "dot", k[1])); label.appendChild(el("span", k[2]));
    legend.appendChild(label);
  });
  legend.appendChild(el("p", R.legendNote, "dg-note"));

  // ------------------------------------------------------------------ illness filter, as a tree
  var select = $("dg-illness");
  function titlesUnder(term) {
    var wanted = {}, count = 0;
    below(term).forEach(function (t) { wanted[t] = true; });
    Object.keys(info).forEach(function (id) { if (info[id].illnesses.some(function (i) { return wanted[i]; })) count += 1; });
    return count;
  }
  function addOption(term, depth, path) {
    var count = titlesUnder(term);
    var o = el("option", "\u2003".repeat(depth) + term + " (" + count + " title" + (count === 1 ? "" : "s") + ")");
    o.value = term; o.setAttribute("data-depth", String(depth));
    select.appendChild(o);
    (narrower[term] || []).slice().sort(byName).forEach(function (m) {
      if (path.indexOf(m) < 0) addOption(m, depth + 1, path.concat([m]));
    });
  }
  Object.keys(terms).filter(function (t) { return !(broaderOf[t] || []).some(function (b) { return terms[b]; }); })
    .sort(byName).forEach(function (t) { addOption(t, 0, [t]); });
  select.addEventListener("change", function () {
    state.illness = select.value; computeIllnessSet();
    var note = $("dg-illness-note");
    if (!state.illness) note.textContent = "";
    else {
      var more = below(state.illness).slice(1).sort(byName);
      note.textContent = state.illness + (more.length ? " and the narrower " + more.join(", ") : "") + ": " +
        illnessTitles + " title" + (illnessTitles === 1 ? "" : "s") +
        ((broaderOf[state.illness] || []).length ? "; a kind of " + broaderOf[state.illness].slice().sort(byName).join(", ") : "");
    }
    refresh();
    fitShown();
  });

  // ------------------------------------------------------------------ details panel
  var details = $("dg-details");
  function closeDetails() { details.hidden = true; }
  var PHRASE = { "based on": "source of", "inspired by": "inspired", "version of": "version of", "author": "by", "actor": "in", "plays": "played by",
                 "character": "in", "about": "about", "broader": "related to" };
  function links(id) {
    return R.links(id).map(function (e) {
      var other = e.from === id ? e.to : e.from;
      return { relation: e.relation, other: other, label: info[other].label, kind: info[other].kind };
    }).sort(function (a, b) {
      return a.relation.localeCompare(b.relation) || (kindRank[a.kind] - kindRank[b.kind]) || byName(a.label, b.label);
    });
  }
  function openDetails(id) {
    var n = info[id];
    $("dg-details-title").textContent = n.label;
    $("dg-details-kind").textContent = kindName[n.kind] || n.kind;
    var dl = $("dg-details-facts"); dl.textContent = "";
    n.facts.forEach(function (f) {
      if (f[0] === "kind") return;
      dl.appendChild(el("dt", f[0] === "from" ? "provenance" : f[0])); dl.appendChild(el("dd", f[1]));
    });
    var ul = $("dg-details-links"); ul.textContent = "";
    var all = links(id), LIMIT = 100;
    all.slice(0, LIMIT).forEach(function (l) {
      var li = el("li"), b = el("button", l.label);
      b.type = "button"; b.setAttribute("data-node", l.other);
      li.appendChild(el("span", l.relation + ": ", "dg-rel"));
      li.appendChild(b);
      li.appendChild(el("span", " (" + l.kind + ")", "dg-rel"));
      if (isVisible(l.other)) b.addEventListener("click", function () { focus(l.other); });
      else { b.disabled = true; li.appendChild(el("span", " (hidden by the filters)", "dg-hidden")); }
      ul.appendChild(li);
    });
    if (all.length > LIMIT) ul.appendChild(el("li", "and " + (all.length - LIMIT) + " more"));
    $("dg-details-count").textContent = all.length + " link" + (all.length === 1 ? "" : "s");
    details.hidden = false;
  }
  $("dg-details-close").addEventListener("click", function () { select_(null); });

  // ------------------------------------------------------------------ selection, focus, reset
  function select_(id) {
    state.selected = id;
    R.select(id);
    if (id === null && shownPath !== null) R.path(shownPath.nodes, shownPath.edges);
    hideTip();
    refresh();
  }
  // The part of the drawing that the details panel and the tools leave free (canvas-relative DOM
  // pixels): left of the panel on a wide screen, above it (a bottom sheet) on a narrow one.
  function freeRect() {
    var stage = $("dg-network").getBoundingClientRect(), tools = $("dg-tools").getBoundingClientRect();
    var r = { left: 0, top: Math.max(0, tools.bottom - stage.top + 4), right: stage.width, bottom: stage.height };
    if (!details.hidden) {
      var d = details.getBoundingClientRect(), gap = 8;
      var l = d.left - stage.left, t = d.top - stage.top, rt = d.right - stage.left, b = d.bottom - stage.top;
      var sides = [{ left: r.left, top: r.top, right: Math.min(r.right, l - gap), bottom: r.bottom },
                   { left: Math.max(r.left, rt + gap), top: r.top, right: r.right, bottom: r.bottom },
                   { left: r.left, top: r.top, right: r.right, bottom: Math.min(r.bottom, t - gap) },
                   { left: r.left, top: Math.max(r.top, b + gap), right: r.right, bottom: r.bottom }];
      // a panel narrower than half the drawing leaves the side beside it free, else the part above or below
      var area = function (q) { return Math.max(0, q.right - q.left) * Math.max(0, q.bottom - q.top); };
      r = (d.width < stage.width / 2 ? sides.slice(0, 2) : sides.slice(2)).reduce(function (a, q) { return area(q) > area(a) ? q : a; });
    }
    return { left: r.left, top: r.top, width: Math.max(0, r.right - r.left), height: Math.max(0, r.bottom - r.top) };
  }
  function centreOf(rect) { return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }; }
  function inside(box, rect, margin) {
    return box.left >= rect.left + margin && box.top >= rect.top + margin &&
           box.right <= rect.left + rect.width - margin && box.bottom <= rect.top + rect.height - margin;
  }
  // node `id` in view: "focus" (a search result, a link) centres it in the free part of the drawing and
  // zooms in; "reveal" (a click) moves the view only when the node is not wholly in the free part
  function place(id, how) {
    var free = freeRect();
    if (how === "reveal" && inside(R.box(id), free, 8)) return;
    R.place(id, centreOf(free), how === "focus" ? "focus" : "keep");
  }
  function focus(id) {  // never a hidden node: answers whether it focused
    if (!isVisible(id)) return false;
    select_(id);
    if (narrow.matches && document.body.classList.contains("dg-sidebar-open")) { setSidebar(false); toggle.focus(); }
    place(id, "focus");
    return true;
  }
  function reset() {
    clearPath();
    select_(null);
    R.fit();
  }
  $("dg-reset").addEventListener("click", reset);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !ev.defaultPrevented) { reset(); if (toggle) setSidebar(false); }
  });
  R.onClick(function (id) {
    select_(id);
    if (id !== null) place(id, "reveal");
  });
  // the view fitted to the nodes the filters leave (in the part the details panel leaves free)
  function fitShown() {
    R.fitInto(data.nodes.filter(function (n) { return visible(info[n.id]); }).map(function (n) { return n.id; }), freeRect());
  }

  // ------------------------------------------------------------------ tooltips
  // A node's facts (or an edge's relation) while the pointer is on it, placed beside the node, never over
  // it; not for the chosen node (the details panel says the same) and not after a touch (a tap chooses).
  var tip = $("dg-tip"), touched = false;
  function hideTip() { tip.hidden = true; }
  $("dg-network").addEventListener("pointerdown", function (ev) { touched = ev.pointerType === "touch"; if (touched) hideTip(); }, true);
  $("dg-network").addEventListener("pointermove", function (ev) { if (ev.pointerType !== "touch") touched = false; }, true);
  function showTip(kind, id, at) {
    if (!kind || touched || (kind === "node" && id === state.selected)) { hideTip(); return; }
    tip.textContent = "";
    if (kind === "node") {
      var n = info[id];
      tip.appendChild(el("strong", n.label));
      n.facts.forEach(function (f) { tip.appendChild(el("div", f[0] + ": " + f[1])); });
    } else tip.appendChild(el("div", R.edgeTip(id)));
    tip.hidden = false;
    var stage = $("dg-network").getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight, gap = 10;
    var box = kind === "node" ? R.box(id) : { left: at.x - 4, top: at.y - 4, right: at.x + 4, bottom: at.y + 4 };
    var left = Math.min(Math.max(4, (box.left + box.right) / 2 - w / 2), Math.max(4, stage.width - w - 4));
    var top = box.top - gap - h;  // above the node, else below it, else beside it
    if (top < 4) top = box.bottom + gap;
    if (top + h > stage.height - 4) {
      top = Math.max(4, Math.min(stage.height - h - 4, box.top));
      left = box.right + gap + w <= stage.width - 4 ? box.right + gap : Math.max(4, box.left - gap - w);
    }
    tip.style.left = left + "px"; tip.style.top = top + "px";
  }
  R.onHover(showTip);

  // ------------------------------------------------------------------ search
  function matchRank(n, q) {  // as namefold.rank
    if (n.label0 === q) return 0;
    if (n.forms.indexOf(q) >= 0) return 1;
    if (n.label0.indexOf(q) === 0) return 2;
    if (n.search.indexOf(" " + q) >= 0) return 3;
    return n.search.indexOf(q) >= 0 ? 4 : -1;
  }
  function kindOrder(k) { return k in kindRank ? kindRank[k] : 99; }
  // every match, best first: exact label, exact alternate name, prefix, word prefix, anywhere; then
  // titles before people, characters, illnesses, themes and works (the legend's order); then by name
  function matches(text) {
    var q = fold(text).trim();
    if (!q) return [];
    var found = [];
    Object.keys(info).forEach(function (id) { var r = matchRank(info[id], q); if (r >= 0) found.push([r, info[id]]); });
    found.sort(function (a, b) {
      return a[0] - b[0] || kindOrder(a[1].kind) - kindOrder(b[1].kind) || byName(a[1].label, b[1].label) || (a[1].id < b[1].id ? -1 : 1);
    });
    return found.map(function (f) { return f[1]; });
  }
  function search(text) {  // the visible matches, best first (what Enter focuses)
    return matches(text).filter(function (n) { return visible(n); });
  }
  function fact(n, key) { var f = n.facts.filter(function (f) { return f[0] === key; })[0]; return f ? f[1] : ""; }
  // what tells a node from others of the same label: a title's type and year, else its first links
  function detail(n) {
    var parts = [fact(n, "type"), fact(n, "year")].filter(Boolean);
    if (parts.length) return parts.join(", ");
    return links(n.id).filter(function (l) { return l.kind === "title"; }).concat(links(n.id)).slice(0, 1)
      .map(function (l) { return (PHRASE[l.relation] || l.relation) + " " + l.label; }).join("");
  }
  var input = $("dg-search"), results = $("dg-results"), active = -1, shownResults = [];
  function setActive(i) {
    var items = results.querySelectorAll("li");
    if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (i + items.length) % items.length;
    items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  function showResults() {
    var had = results.contains(document.activeElement) ? document.activeElement.getAttribute("data-node") : null;
    results.textContent = ""; active = -1; input.removeAttribute("aria-activedescendant");
    var all = matches(input.value), shown = all.filter(function (n) { return visible(n); });
    shownResults = shown.slice(0, 20);
    var counts = {};
    shownResults.forEach(function (n) { counts[n.label0] = (counts[n.label0] || 0) + 1; });
    shownResults.forEach(function (n, i) {
      var more = counts[n.label0] > 1 ? detail(n) : "";
      var li = el("li"); li.id = "dg-result-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      var b = el("button", n.label + " (" + n.kind + (more ? ": " + more : "") + ")");
      b.type = "button"; b.tabIndex = 0; b.setAttribute("data-node", n.id);
      b.addEventListener("click", function () { focus(n.id); });
      b.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
          ev.preventDefault();
          var next = results.querySelectorAll("li button")[(i + (ev.key === "ArrowDown" ? 1 : -1) + shownResults.length) % shownResults.length];
          next.focus();
        }
      });
      li.appendChild(b);
      results.appendChild(li);
    });
    var hidden = all.length - shown.length, note = $("dg-results-note"), q = fold(input.value).trim();
    note.textContent = (all.length && !shown.length ? "no shown node matches; " : "") +
      (shown.length > 20 ? (shown.length - 20) + " more; type more to narrow. " : "") +
      (hidden ? hidden + " hidden by the filters" : "");
    if (q && !all.length) {  // nothing matches: say so, and offer the close names as buttons
      var close = closeNames(q);
      note.textContent = "no match" + (close.length ? "; did you mean " : "");
      close.forEach(function (name, i) {
        var b = el("button", name, "dg-suggestion"); b.type = "button";
        b.addEventListener("click", function () { input.value = name; showResults(); input.focus(); });
        if (i) note.appendChild(document.createTextNode(i === close.length - 1 ? " or " : ", "));
        note.appendChild(b);
      });
      if (close.length) note.appendChild(document.createTextNode("?"));
    }
    input.setAttribute("aria-expanded", shownResults.length ? "true" : "false");
    if (had !== null) {  // the list was redrawn (a selection or a filter changed): keep the keyboard where it was
      var again = results.querySelector("button[data-node=\"" + CSS.escape(had) + "\"]");
      (again || input).focus();
    }
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (shownResults.length) setActive(active < 0 && ev.key === "ArrowUp" ? -1 : active + (ev.key === "ArrowDown" ? 1 : -1));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (!shownResults.length) showResults();
      var n = shownResults[active >= 0 ? active : 0];
      if (n) focus(n.id);
    }
  });

  // ------------------------------------------------------------------ how are A and B connected?
  // Every shortest path between two names over the page's whole graph (a breadth-first search from each
  // end), as `dramagraph path A B --all-shortest` on the same view: the paths ordered by their nodes'
  // labels, then ids; each hop named by its edge's label (of a pair's parallel edges, the first in the
  // page's order, as the command takes the least key). The first PATHS are listed, "and N more" after.
  var PATHS = 5, ENUMERATE = 2000, adjacency = null;
  function graphIndex() {
    if (adjacency) return adjacency;
    adjacency = { nbrs: {}, edge: {} };
    Object.keys(info).forEach(function (id) { adjacency.nbrs[id] = []; });
    data.edges.forEach(function (e, i) {
      var key = e.from < e.to ? e.from + "\n" + e.to : e.to + "\n" + e.from;
      if (key in adjacency.edge) return;  // a pair's first edge names its hop
      adjacency.edge[key] = i;
      if (e.from === e.to) return;
      adjacency.nbrs[e.from].push(e.to); adjacency.nbrs[e.to].push(e.from);
    });
    return adjacency;
  }
  function hopEdge(a, b) { return data.edges[graphIndex().edge[a < b ? a + "\n" + b : b + "\n" + a]]; }
  function hopLabel(e) {  // the edge's label: its tip less "relation: " (or "relation (weight w): ")
    if (e.tip === e.relation) return e.relation;
    var at = e.tip.indexOf(": ", e.relation.length);
    return at < 0 ? e.tip : e.tip.slice(at + 2);
  }
  function distances(from, limit) {
    var nbrs = graphIndex().nbrs, dist = {}, frontier = [from];
    dist[from] = 0;
    for (var d = 0; frontier.length && d < limit; d++) {
      var next = [];
      frontier.forEach(function (u) { nbrs[u].forEach(function (w) { if (!(w in dist)) { dist[w] = d + 1; next.push(w); } }); });
      frontier = next;
    }
    return dist;
  }
  function compareLists(a, b) {
    for (var i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length - b.length;
  }
  function comparePaths(p, q) {
    return compareLists(p.map(function (id) { return info[id].label; }), q.map(function (id) { return info[id].label; })) ||
           compareLists(p, q);
  }
  // {length, count, paths: the first PATHS in order} or null when no path joins them
  function shortestPaths(a, b) {
    var fromA = distances(a, Infinity);
    if (!(b in fromA)) return null;
    var length = fromA[b], fromB = distances(b, length), nbrs = graphIndex().nbrs;
    function next(u) {  // the steps from u that stay on a shortest path to b
      return nbrs[u].filter(function (w) { return fromA[w] === fromA[u] + 1 && fromB[w] === fromB[u] - 1; });
    }
    var ways = {}, byLevel = [];  // ways[u]: how many shortest paths go from u to b
    Object.keys(fromB).forEach(function (u) {
      if (fromA[u] + fromB[u] === length) (byLevel[fromB[u]] = byLevel[fromB[u]] || []).push(u);
    });
    byLevel.forEach(function (level, d) {
      level.forEach(function (u) { ways[u] = d === 0 ? 1 : next(u).reduce(function (t, w) { return t + ways[w]; }, 0); });
    });
    var count = ways[a], found = [];
    function walk(path, sorted, limit) {
      var u = path[path.length - 1];
      if (u === b) { found.push(path.slice()); return; }
      var steps = next(u);
      if (sorted) steps.sort(function (x, y) { return comparePaths([x], [y]); });
      for (var i = 0; i < steps.length && found.length < limit; i++) { path.push(steps[i]); walk(path, sorted, limit); path.pop(); }
    }
    if (count <= ENUMERATE) { walk([a], false, Infinity); found.sort(comparePaths); }
    else walk([a], true, PATHS);  // too many to list: the first in order of labels, step by step
    return { length: length, count: count, paths: found.slice(0, PATHS) };
  }
  var shownPath = null;  // {nodes, edges} drawn as the path, or null
  function clearPath() {
    if (shownPath === null) return;
    shownPath = null; R.path(null);
    $("dg-path-answer").textContent = "";
  }
  // a name typed in a path field: its best match (the search's ranking) or null, saying why in `note`
  function resolveField(input, note) {
    note.textContent = "";
    var q = fold(input.value).trim();
    if (!q) { note.textContent = "type a name"; return null; }
    var found = matches(input.value);
    if (found.length) return found[0];
    var close = closeNames(q, true);
    note.textContent = "no match" + (close.length ? "; did you mean " : "");
    close.forEach(function (name, i) {
      var b = el("button", name, "dg-suggestion"); b.type = "button";
      b.addEventListener("click", function () { input.value = name; connect(); });
      if (i) note.appendChild(document.createTextNode(i === close.length - 1 ? " or " : ", "));
      note.appendChild(b);
    });
    if (close.length) note.appendChild(document.createTextNode("?"));
    return null;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function nodeButton(id) {
    var n = info[id], b = el("button", n.label, "dg-path-node"); b.type = "button"; b.setAttribute("data-node", id);
    b.addEventListener("click", function () { focus(id); });
    if (!isVisible(id)) { b.disabled = true; b.title = "hidden by the filters"; }
    return b;
  }
  function connect() {
    var fromInput = $("dg-path-from"), toInput = $("dg-path-to"), answer = $("dg-path-answer");
    clearPath();
    var a = resolveField(fromInput, $("dg-path-from-note")), b = resolveField(toInput, $("dg-path-to-note"));
    if (!a || !b) return null;
    var found = shortestPaths(a.id, b.id);
    if (found === null) {
      answer.appendChild(el("p", "No path joins " + a.label + " (" + a.kind + ") and " + b.label + " (" + b.kind + ") on this page.", "dg-path-summary"));
      return found;
    }
    answer.appendChild(el("p", plural(found.count, "shortest path") + " of " + plural(found.length, "hop") +
                                " from " + a.label + " (" + a.kind + ") to " + b.label + " (" + b.kind + ")", "dg-path-summary"));
    var nodes = new Set(), edgeIds = [];
    found.paths.forEach(function (path) {
      var ol = el("ol", undefined, "dg-path"), first = el("li");
      first.appendChild(nodeButton(path[0])); first.appendChild(el("span", " (" + info[path[0]].kind + ")", "dg-rel"));
      ol.appendChild(first);
      nodes.add(path[0]);
      for (var i = 1; i < path.length; i++) {
        var e = hopEdge(path[i - 1], path[i]), li = el("li");
        li.appendChild(el("span", "\u2014 " + hopLabel(e) + " \u2014 ", "dg-hop"));
        li.appendChild(nodeButton(path[i])); li.appendChild(el("span", " (" + info[path[i]].kind + ")", "dg-rel"));
        ol.appendChild(li);
        nodes.add(path[i]); if (edgeIds.indexOf(e.id) < 0) edgeIds.push(e.id);
      }
      answer.appendChild(ol);
    });
    if (found.count > found.paths.length) answer.appendChild(el("p", "and " + (found.count - found.paths.length) + " more", "dg-path-more"));
    shownPath = { nodes: Array.from(nodes), edges: edgeIds };
    select_(null);
    R.path(shownPath.nodes, shownPath.edges);
    refresh();
    R.fitInto(shownPath.nodes.filter(isVisible), freeRect());
    return found;
  }
  $("dg-path").addEventListener("submit", function (ev) { ev.preventDefault(); connect(); });

  // ------------------------------------------------------------------ the sidebar on a narrow screen
  var toggle = $("dg-menu"), narrow = window.matchMedia("(max-width: 700px)");  // as in viz.css
  function setSidebar(open) {
    document.body.classList.toggle("dg-sidebar-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  toggle.addEventListener("click", function () { setSidebar(!document.body.classList.contains("dg-sidebar-open")); });
  $("dg-sidebar-close").addEventListener("click", function () { setSidebar(false); toggle.focus(); });

  var ready = false;
  function markReady() { if (!ready) { ready = true; window.dramagraph.ready = true; document.body.setAttribute("data-ready", "1"); } }
  R.onReady(markReady);
  // the same interface on both renderers, and the renderer's own objects (vis: network, nodes, edges;
  // sigma: sigma, graph)
  window.dramagraph = { renderer: R.name, focus: focus, search: search, matches: matches, reset: reset,
                        connect: function (a, b) { $("dg-path-from").value = a; $("dg-path-to").value = b; return connect(); },
                        shownPath: function () { return shownPath; }, box: function (id) { return R.box(id); },
                        freeRect: freeRect, tooltip: function (id) { showTip("node", id); var text = tip.textContent; hideTip(); return text; }, moveNodeTo: function (id, x, y) { R.place(id, { x: x, y: y }, "keep"); },
                        selected: function () { return state.selected; }, ready: false, refresh: refresh,
                        shown: function () { return data.nodes.filter(function (n) { return visible(info[n.id]); }).map(function (n) { return n.id; }); },
                        neighbours: function (id) { return R.neighbours(id); }, scale: function () { return R.scale(); },
                        screenPosition: function (id) { return R.screenPosition(id); } };
  Object.keys(R.expose).forEach(function (k) { window.dramagraph[k] = R.expose[k]; });
  refresh();
})();
