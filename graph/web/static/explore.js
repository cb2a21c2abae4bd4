(function () {
  "use strict";
  // The page of /explore: nothing is drawn until a search; a chosen node and its neighbours come from
  // /explore/node (graph/network/expand.py, the network index where the store has one), and clicking a node
  // opens its neighbours in turn. Labels and facts are text, never HTML.
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function $(id) { return document.getElementById(id); }
  var legend = JSON.parse($("ex-legend-data").textContent);  // [kind, colour, shape, words]
  var style = {};
  legend.forEach(function (k) { style[k[0]] = { color: k[1], shape: k[2], words: k[3] }; });
  function styleOf(kind) { return style[kind] || style.other; }

  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var network = new vis.Network($("ex-network"), { nodes: nodes, edges: edges }, {
    physics: { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -60, springLength: 90 },
               stabilization: { iterations: 120 }, maxVelocity: 40 },
    nodes: { font: { size: 14, color: "#1f1f1f", strokeWidth: 3, strokeColor: "#ffffff" },
             scaling: { min: 8, max: 30, label: { enabled: false } } },
    edges: { color: { color: "#9a9a9a", highlight: "#1a5fb4" }, smooth: false, font: { size: 0 } },
    interaction: { hover: true, tooltipDelay: 150 }
  });
  var api = window.dramagraphExplore = {
    ready: true, pending: 0, error: null, network: network, expanded: {}, shown: null,
    nodes: function () { return nodes.getIds().sort(); },
    edges: function () { return edges.get().map(function (e) { return e.from + " " + e.relation + " " + e.to; }).sort(); },
    results: function () { return lastResults.map(function (r) { return r.id; }); }
  };
  var info = {};  // iri -> the node as the server described it

  function get(url) {
    api.pending += 1;
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (r.ok) return r.json();
      return r.text().then(function (t) { throw new Error(t.trim()); });
    }).then(function (d) { api.pending -= 1; api.error = null; return d; },
            function (e) { api.pending -= 1; api.error = e.message; say(e.message); throw e; });
  }
  function say(text) { $("ex-status").textContent = text; }
  function tip(n) {
    var box = el("div");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", styleOf(n.kind).words + ", " + n.degree + (n.degree === 1 ? " link" : " links")));
    if (n.altNames.length) box.appendChild(el("div", "also known as " + n.altNames.join(" | ")));
    return box;
  }
  function addNode(n, near, i, count) {
    info[n.id] = n;
    if (nodes.get(n.id)) return;
    var s = styleOf(n.kind), node = { id: n.id, label: n.label, title: tip(n), shape: s.shape, value: n.degree,
      color: { background: s.color, border: "#4d4d4d" }, kind: n.kind };
    if (near) {  // start the newcomers on a ring around the node they came from
      var p = network.getPositions([near])[near], r = 120 + 4 * Math.sqrt(count), a = 2 * Math.PI * i / count;
      if (p) { node.x = p.x + r * Math.cos(a); node.y = p.y + r * Math.sin(a); }
    }
    nodes.add(node);
  }
  function expand(iri, limit) {
    limit = limit || 50;
    say("opening\u2026");
    return get("explore/node?iri=" + encodeURIComponent(iri) + "&limit=" + limit).then(function (d) {
      addNode(d.node);
      d.neighbours.forEach(function (n, i) { addNode(n, d.node.id, i, d.neighbours.length); });
      d.links.forEach(function (l) {
        var id = l.from + "\u0000" + l.relation + "\u0000" + l.to + "\u0000" + l.label;
        if (!edges.get(id)) edges.add({ id: id, from: l.from, to: l.to, relation: l.relation, title: el("div", l.label) });
      });
      api.expanded[iri] = limit;
      showDetails(d);
      network.selectNodes([d.node.id]);
      reveal(d.node.id);
      say(d.node.label + ": " + d.neighbours.length + " of " + d.total + " neighbours shown; " + nodes.length + " nodes on the page");
      return d;
    });
  }

  // ------------------------------------------------------------------ the chosen node stays in sight
  // The chosen node is pinned where it is and the view moved so that it sits in the middle of the part of
  // the drawing that the details panel leaves free (beside the panel on a desktop, above it on a phone);
  // its own tooltip is not shown (the panel says more), so neither covers it.
  var pinned = null, stage = $("ex-network"), details = $("ex-details");
  function freeArea() {
    var s = stage.getBoundingClientRect(), box = { left: 0, top: 0, right: s.width, bottom: s.height };
    if (!details.hidden) {
      var p = details.getBoundingClientRect(), gap = 12;
      var left = p.left - s.left, top = p.top - s.top, right = p.right - s.left, bottom = p.bottom - s.top;
      var beside = left - gap, above = top - gap, below = s.height - bottom - gap;
      if (beside >= above && beside >= below) box.right = Math.max(beside, 40);
      else if (above >= below) box.bottom = Math.max(above, 40);
      else box.top = Math.min(bottom + gap, s.height - 40);
    }
    var tools = $("ex-tools").getBoundingClientRect();  // the tools in the top left corner: below them
    box.top = Math.max(box.top, Math.min(tools.bottom - s.top + 4, box.bottom - 40));
    return { box: box, width: s.width, height: s.height };
  }
  function reveal(id) {
    if (pinned && pinned !== id && nodes.get(pinned)) nodes.update({ id: pinned, fixed: false });
    pinned = id;
    nodes.update({ id: id, fixed: { x: true, y: true } });
    var f = freeArea(), b = f.box, bb = network.getBoundingBox(id), p = network.getPositions([id])[id];
    if (!p) return;
    var size = Math.max(bb.right - bb.left, bb.bottom - bb.top, 1);
    var room = Math.min(b.right - b.left, b.bottom - b.top);
    var scale = Math.max(0.2, Math.min(1, 0.6 * room / size));  // the node (and its label) well inside
    network.moveTo({ position: p, scale: scale, animation: false,
                     offset: { x: (b.left + b.right) / 2 - f.width / 2, y: (b.top + b.bottom) / 2 - f.height / 2 } });
    stage.classList.add("ex-quiet");
  }
  network.on("hoverNode", function (params) { stage.classList.toggle("ex-quiet", params.node === api.shown); });
  network.on("blurNode", function () { if (!api.shown) stage.classList.remove("ex-quiet"); });

  // ------------------------------------------------------------------ the details panel
  function showDetails(d) {
    api.shown = d.node.id;
    $("ex-details-title").textContent = d.node.label;
    $("ex-details-kind").textContent = styleOf(d.node.kind).words + (d.node.altNames.length ? "; also known as " + d.node.altNames.join(" | ") : "");
    $("ex-details-page").href = "node?iri=" + encodeURIComponent(d.node.id);
    var facts = $("ex-details-facts"); facts.textContent = "";
    (d.sources || []).forEach(function (s) {  // each source once, with the facts it supports
      var group = el("div", undefined, "ex-group");
      if (s.quote) group.appendChild(el("blockquote", "\u201c" + s.quote + "\u201d", "ex-quote"));
      var from = el("p", undefined, "ex-from");
      if (s.source && /^https?:/.test(s.source) && s.source.indexOf("https://w3id.org/dramagraph/") !== 0) {
        from.appendChild(document.createTextNode("from "));
        var a = el("a", s.what); a.href = s.source; a.target = "_blank"; a.rel = "noopener noreferrer";
        from.appendChild(a);
      } else from.textContent = "from " + s.what;
      group.appendChild(from);
      var dl = el("dl");
      s.facts.forEach(function (f) {
        var dt = el("dt"), term = el("a", f.label, "ex-term");
        term.href = f.propertyIri; term.target = "_blank"; term.rel = "noopener noreferrer"; term.title = f.property;
        dt.appendChild(term); dl.appendChild(dt);
        var dd = el("dd");
        if (f.node) {
          var open = el("button", f.value, "ex-link"); open.type = "button";
          open.addEventListener("click", function () { expand(f.node); });
          dd.appendChild(open);
        } else dd.appendChild(el("span", f.value));
        dd.appendChild(el("code", f.property + " " + (f.valueIri ? "<" + f.valueIri + ">" : JSON.stringify(f.value)), "ex-rdf"));
        if (f.disputed) dd.appendChild(el("span", "disputed: " + f.disputed, "ex-disputed"));
        if (f.confirmed) dd.appendChild(el("span", f.confirmed, "ex-confirmed"));
        dl.appendChild(dd);
      });
      group.appendChild(dl);
      facts.appendChild(group);
    });
    $("ex-details-count").textContent = d.total + (d.total === 1 ? " neighbour" : " neighbours") +
      (d.neighbours.length < d.total ? " (the " + d.neighbours.length + " most linked shown)" : "");
    var more = $("ex-more");
    more.hidden = d.neighbours.length >= d.total;
    more.onclick = function () { expand(d.node.id, Math.min(500, d.neighbours.length * 4)); };
    var list = $("ex-details-links"); list.textContent = "";
    d.neighbours.forEach(function (n) {
      var li = el("li"), b = el("button", n.label);
      b.type = "button";
      b.addEventListener("click", function () { expand(n.id); });
      li.appendChild(b); li.appendChild(el("span", " " + styleOf(n.kind).words, "ex-kind"));
      list.appendChild(li);
    });
    details.hidden = false;
  }
  $("ex-rdf-toggle").addEventListener("click", function () {
    var on = !details.classList.contains("ex-show-rdf");
    details.classList.toggle("ex-show-rdf", on);
    this.setAttribute("aria-pressed", on ? "true" : "false");
    this.textContent = on ? "hide RDF" : "show RDF";
  });
  function closeDetails() {
    details.hidden = true; api.shown = null; network.unselectAll(); stage.classList.remove("ex-quiet");
    if (pinned && nodes.get(pinned)) nodes.update({ id: pinned, fixed: false });
    pinned = null;
  }
  $("ex-details-close").addEventListener("click", closeDetails);
  network.on("click", function (params) {
    if (params.nodes.length) expand(params.nodes[0], api.expanded[params.nodes[0]]);
    else closeDetails();
  });

  // ------------------------------------------------------------------ search
  var input = $("ex-search"), results = $("ex-results"), lastResults = [], active = -1, timer = null, asked = 0;
  function setActive(i) {
    var items = results.querySelectorAll("li");
    active = Math.max(-1, Math.min(i, items.length - 1));
    items.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
    if (active >= 0) items[active].querySelector("button").focus();
  }
  function choose(r) {
    return expand(r.id);
  }
  function showResults(d) {
    results.textContent = ""; lastResults = d.results; active = -1;
    var counts = {};
    d.results.forEach(function (r) { counts[r.label] = (counts[r.label] || 0) + 1; });
    d.results.forEach(function (r, i) {
      var li = el("li"), b = el("button");
      li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      b.type = "button"; b.tabIndex = -1;
      b.appendChild(el("span", r.label));
      b.appendChild(el("span", " " + styleOf(r.kind).words + (counts[r.label] > 1 ? ", " + r.degree + (r.degree === 1 ? " link" : " links") : ""), "ex-kind"));
      b.addEventListener("click", function () { choose(r); });
      b.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowDown") { ev.preventDefault(); setActive(i + 1); }
        else if (ev.key === "ArrowUp") { ev.preventDefault(); if (i === 0) { active = -1; input.focus(); } else setActive(i - 1); }
        else if (ev.key === "Escape") { input.focus(); }
      });
      li.appendChild(b); results.appendChild(li);
    });
    input.setAttribute("aria-expanded", d.results.length ? "true" : "false");
    var note = $("ex-results-note");
    note.textContent = d.total === 0 ? "no match" :
      d.total > d.results.length ? d.results.length + " of " + d.total + " matches shown: type more" : d.total + (d.total === 1 ? " match" : " matches");
    if (d.total === 0 && (d.suggestions || []).length) {  // did you mean: each close name a button that searches it
      note.appendChild(document.createTextNode("; did you mean "));
      d.suggestions.forEach(function (name, i) {
        var b = el("button", name, "ex-suggestion"); b.type = "button";
        b.addEventListener("click", function () { input.value = name; search(name); input.focus(); });
        if (i) note.appendChild(document.createTextNode(i === d.suggestions.length - 1 ? " or " : ", "));
        note.appendChild(b);
      });
      note.appendChild(document.createTextNode("?"));
    }
  }
  function search(text) {
    var mine = ++asked;
    if (!text.trim()) { showResults({ results: [], total: 0 }); $("ex-results-note").textContent = ""; return Promise.resolve([]); }
    return get("explore/search?q=" + encodeURIComponent(text) + "&limit=20").then(function (d) {
      if (mine === asked) showResults(d);  // an older answer that arrives late is dropped
      return d.results;
    });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { search(input.value); }, 120); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); setActive(0); }
    else if (ev.key === "Enter") {
      ev.preventDefault(); clearTimeout(timer);
      search(input.value).then(function (found) { if (found.length) choose(found[0]); });
    }
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && ev.target !== input) closeDetails(); });

  // ------------------------------------------------------------------ how are A and B connected?
  // Two name fields completed by /explore/search (with its "did you mean"), answered by /explore/path: the
  // shortest path that `dramagraph path A B` gives, hop by hop, then up to five other shortest paths and
  // how many more; the path is drawn and highlighted in the network.
  var PATH_COLOR = "#c2410c", pathMarks = { nodes: [], edges: [] };
  function complete(field) {
    var input = $("ex-path-" + field), list = $("ex-path-" + field + "-list"), note = $("ex-path-" + field + "-note"), mine = 0, t = null;
    function fill(d) {
      list.textContent = ""; note.textContent = "";
      d.results.forEach(function (r) {
        var li = el("li"), b = el("button"); li.setAttribute("role", "option");
        b.type = "button"; b.appendChild(el("span", r.label)); b.appendChild(el("span", " " + styleOf(r.kind).words, "ex-kind"));
        b.addEventListener("click", function () {
          input.value = r.label; input.dataset.iri = r.id; list.textContent = ""; note.textContent = "";
          input.setAttribute("aria-expanded", "false"); input.focus();
        });
        li.appendChild(b); list.appendChild(li);
      });
      input.setAttribute("aria-expanded", d.results.length ? "true" : "false");
      if (d.total === 0) {
        note.textContent = "no match";
        if ((d.suggestions || []).length) {
          note.appendChild(document.createTextNode("; did you mean "));
          d.suggestions.forEach(function (name, i) {
            var b = el("button", name, "ex-suggestion"); b.type = "button";
            b.addEventListener("click", function () { input.value = name; delete input.dataset.iri; ask(name); input.focus(); });
            if (i) note.appendChild(document.createTextNode(i === d.suggestions.length - 1 ? " or " : ", "));
            note.appendChild(b);
          });
          note.appendChild(document.createTextNode("?"));
        }
      }
    }
    function ask(text) {
      var n = ++mine;
      if (!text.trim()) { list.textContent = ""; note.textContent = ""; return Promise.resolve(); }
      return get("explore/search?q=" + encodeURIComponent(text) + "&limit=6").then(function (d) { if (n === mine) fill(d); }, function () {});
    }
    input.addEventListener("input", function () { delete input.dataset.iri; clearTimeout(t); t = setTimeout(function () { ask(input.value); }, 120); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { list.textContent = ""; input.setAttribute("aria-expanded", "false"); }
      if (ev.key === "ArrowDown" && list.querySelector("button")) { ev.preventDefault(); list.querySelector("button").focus(); }
    });
    return { value: function () { return input.dataset.iri || input.value; }, clear: function () { clearTimeout(t); mine++; list.textContent = ""; note.textContent = ""; } };
  }
  var fromField = complete("from"), toField = complete("to");
  function unmark() {
    pathMarks.edges.forEach(function (id) { if (edges.get(id)) edges.remove(id); });
    pathMarks.nodes.forEach(function (id) { var n = nodes.get(id); if (n) nodes.update({ id: id, borderWidth: 1, color: { background: styleOf(n.kind).color, border: "#4d4d4d" } }); });
    pathMarks = { nodes: [], edges: [] };
  }
  function mark(p) {  // draw the path's nodes and hops, highlighted
    unmark();
    p.nodes.forEach(function (n) {
      addNode(info[n.iri] || { id: n.iri, label: n.label, kind: n.kind, degree: 1, altNames: [] });
      nodes.update({ id: n.iri, borderWidth: 4, color: { background: styleOf(n.kind).color, border: PATH_COLOR } });
      pathMarks.nodes.push(n.iri);
    });
    p.hops.forEach(function (h, i) {
      var id = "path\u0000" + i + "\u0000" + p.nodes[i].iri + "\u0000" + p.nodes[i + 1].iri;
      edges.add({ id: id, from: p.nodes[i].iri, to: p.nodes[i + 1].iri, relation: "path", width: 5,
                  color: { color: PATH_COLOR, highlight: PATH_COLOR }, title: el("div", h.label) });
      pathMarks.edges.push(id);
    });
    api.marked = pathMarks.nodes.slice();
    network.fit({ nodes: pathMarks.nodes, animation: false });
  }
  function hopsList(p, cls) {
    var ol = el("ol", undefined, cls);
    p.nodes.forEach(function (n, i) {
      var li = el("li"), b = el("button", n.label, "ex-link"); b.type = "button";
      b.addEventListener("click", function () { expand(n.iri); });
      li.appendChild(b); li.appendChild(el("span", " " + styleOf(n.kind).words, "ex-kind"));
      if (i < p.hops.length) li.appendChild(el("span", p.hops[i].label, "ex-hop"));
      ol.appendChild(li);
    });
    return ol;
  }
  function showPath(d) {
    var box = $("ex-path-answer"); box.textContent = "";
    var head = el("p", d.from.label + " and " + d.to.label + " are " + d.length + (d.length === 1 ? " hop" : " hops") +
                  " apart, through " + (d.via === "people" ? "people and titles" : "everything") + ":", "ex-path-head");
    box.appendChild(head);
    box.appendChild(hopsList(d.path, "ex-path-hops"));
    if (d.others.length) {
      box.appendChild(el("p", d.others.length === 1 ? "Another shortest path:" : "Other shortest paths:", "ex-path-head"));
      d.others.forEach(function (p, i) {
        var b = el("button", "show this one", "ex-link ex-path-show"); b.type = "button";
        var wrap = el("div", undefined, "ex-path-other");
        b.addEventListener("click", function () { mark(p); });
        wrap.appendChild(hopsList(p, "ex-path-hops")); wrap.appendChild(b); box.appendChild(wrap);
      });
      if (d.more) box.appendChild(el("p", "and " + d.more + " more", "ex-path-more"));
    }
    mark(d.path);
    head.scrollIntoView({ block: "nearest" });  // in the sidebar, which scrolls on a phone
  }
  function connect(a, b, via) {
    fromField.clear(); toField.clear();
    var box = $("ex-path-answer");
    box.textContent = "";
    box.appendChild(el("p", "finding\u2026", "ex-note"));
    var url = "explore/path?from=" + encodeURIComponent(a) + "&to=" + encodeURIComponent(b) + (via ? "&via=" + via : "");
    return get(url).then(function (d) { api.connection = d; showPath(d); say("path: " + d.length + " hops"); return d; },
      function (e) { api.connection = null; box.textContent = ""; box.appendChild(el("p", e.message, "ex-path-error")); unmark(); });
  }
  $("ex-path-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    connect(fromField.value(), toField.value(), $("ex-path-via").value);
  });
  api.connect = connect;

  // ------------------------------------------------------------------ tools and legend
  $("ex-clear").addEventListener("click", function () {
    closeDetails(); unmark(); nodes.clear(); edges.clear(); api.expanded = {}; say("cleared: search a name to start again");
  });
  $("ex-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  var legendList = $("ex-legend");
  legend.forEach(function (k) {
    if (k[0] === "other") return;
    var li = el("li"), sw = el("span", undefined, "ex-swatch");
    sw.style.background = k[1];
    if (k[2] === "dot" || k[2] === "ellipse") sw.style.borderRadius = "50%";
    li.appendChild(sw); li.appendChild(el("span", k[3] + " (" + k[2] + ")"));
    legendList.appendChild(li);
  });
  api.search = search; api.expand = expand; api.choose = choose;
  var asked_for = new URLSearchParams(window.location.search).get("iri");  // /explore?iri=IRI opens that node
  if (asked_for) choose({ id: asked_for }).catch(function () {});
  else say("search a name to start");
})();
