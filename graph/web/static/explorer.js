// The explorer page of `dramagraph serve` (graph/templates/explorer.html): Yasqe (the editor) and Yasr
// (the results) of the vendored Yasgui bundle, around this server's /sparql and /queries.
// Nothing here asks anything of another site: the prefix.cc and LOV autocompleters, share links and the
// endpoint catalogue of Yasgui are left out, and the page's Content-Security-Policy only lets it fetch
// from this server.
(function () {
  "use strict";
  var state = window.dramagraphExplorer = {
    ready: false, done: false, runs: 0, rows: null, kind: null, truncated: null, error: null, drawnMs: null
  };
  var Yasqe = window.Yasgui.Yasqe, Yasr = window.Yasgui.Yasr;
  var PREFIXES = JSON.parse(document.getElementById("dg-prefixes").textContent);
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var HISTORY_KEY = "dramagraph-explorer-history", HISTORY_SIZE = 30, GRAPH_LIMIT = 2000;
  var DEFAULT_QUERY = "# Actors who play in several titles, with the characters they play\n" +
    "SELECT ?person ?personName ?title ?titleName ?characterName WHERE {\n" +
    "  ?title schema:actor ?role . ?role schema:actor ?person ; schema:characterName ?characterName .\n" +
    "  ?person schema:name ?personName . ?title schema:name ?titleName .\n" +
    "} ORDER BY ?personName ?titleName LIMIT 100\n";

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  // the longest namespace first, so that quote: wins over source: for an article's quote
  var prefixNames = Object.keys(PREFIXES).sort(function (a, b) {
    return PREFIXES[b].length - PREFIXES[a].length || (a < b ? -1 : 1);
  });
  function shorten(iri) {
    for (var i = 0; i < prefixNames.length; i++) {
      var ns = PREFIXES[prefixNames[i]];
      if (iri.indexOf(ns) === 0 && /^[\w.-]*$/.test(iri.slice(ns.length))) return prefixNames[i] + ":" + iri.slice(ns.length);
    }
    return "<" + iri + ">";
  }
  function nodeHref(iri) { return "node?iri=" + encodeURIComponent(iri); }
  $("dg-prefix-names").textContent = Object.keys(PREFIXES).sort().map(function (p) { return p + ":"; }).join(" ");

  // ------------------------------------------------------------------ the editor
  // the server declares the project's prefixes for every query: so does the editor's syntax check (its
  // SPARQL mode starts each query with them), and the prefix completer does not write them out again
  var sparqlMode = Yasqe.modes.sparql11;
  Yasqe.modes.sparql11 = function () {
    var mode = sparqlMode.apply(this, arguments), start = mode.startState;
    mode.startState = function () {
      var s = start.apply(mode, arguments);
      s.prefixes = Object.assign({}, PREFIXES, s.prefixes);
      return s;
    };
    return mode;
  };
  Yasqe.forkAutocompleter("prefixes", {
    name: "dgPrefixes", persistenceId: null,
    get: Object.keys(PREFIXES).sort().map(function (p) { return p + ": <" + PREFIXES[p] + ">"; })
  }, false);
  // set on the defaults, not merged per instance: lodash's merge would keep the default list's tail
  // (the "properties" and "classes" completers ask lov.linkeddata.es, "prefixes" asks prefix.cc)
  Yasqe.defaults.autocompleters = ["dgPrefixes", "variables"];
  Yasqe.defaults.prefixCcApi = "";
  Yasqe.defaults.createShareableLink = null;
  Yasqe.defaults.createShortLink = undefined;
  Yasqe.defaults.consumeShareLink = null;  // this page reads ?query= itself
  Yasqe.defaults.showQueryButton = false;
  Yasqe.defaults.value = DEFAULT_QUERY;
  Yasqe.defaults.editorHeight = "260px";
  Yasqe.defaults.requestConfig.endpoint = "sparql";
  Yasqe.defaults.extraKeys["Ctrl-Enter"] = function () { run(); };
  Yasqe.defaults.extraKeys["Cmd-Enter"] = function () { run(); };
  var yasqe = new Yasqe($("dg-yasqe"), { persistenceId: "dramagraph_explorer_query" });
  var input = yasqe.getInputField();
  input.id = "dg-query-input";
  input.setAttribute("aria-labelledby", "dg-query-label");
  input.setAttribute("aria-describedby", "dg-editor-help");

  // ------------------------------------------------------------------ the results
  Yasr.defaults.persistenceId = null;  // answers are not kept in localStorage (the history keeps queries)
  Yasr.defaults.prefixes = function () {
    var all = {}, declared = yasqe.getPrefixesFromQuery();
    prefixNames.forEach(function (p) { all[p] = PREFIXES[p]; });
    Object.keys(declared).forEach(function (p) { if (!(p in all)) all[p] = declared[p]; });
    return all;
  };
  Yasr.plugins.table.defaults.openIriInNewWindow = false;
  // DataTables renders every cell of every row (each through DOMPurify) to guess a column's type and
  // to find its widest text: 10,000 rows drew in 17 s. A type given and no automatic widths: only the
  // page shown is rendered
  Yasr.plugins.table.defaults.tableConfig.columnDefs = [{ targets: "_all", type: "string" }];
  Yasr.plugins.table.defaults.tableConfig.autoWidth = false;
  // and the text it sorts and searches by is the value itself (never written into the page as HTML),
  // not the value through DOMPurify: 60,000 calls for 10,000 rows of 6 columns
  // the row numbers' column: wide enough for its numbers once DataTables no longer measures them
  Yasr.plugins.table.prototype.getSizeFirstColumn = function () {
    var bindings = this.yasr.results && this.yasr.results.getBindings();
    return String(bindings ? bindings.length : 0).length * 9 + 10;
  };
  var tableColumns = Yasr.plugins.table.prototype.getColumns;
  Yasr.plugins.table.prototype.getColumns = function () {
    return tableColumns.call(this).map(function (column, i) {
      var render = column.render;
      if (i === 0 || !render) return column;
      column.render = function (data, type) {
        if (data !== "" && (type === "filter" || type === "sort" || type === "type")) return data.value;
        return render.apply(this, arguments);
      };
      return column;
    });
  };
  Yasr.registerPlugin("graph", GraphPlugin);
  Yasr.defaults.pluginOrder = ["table", "graph", "response"];
  var yasr = new Yasr($("dg-yasr"), {});
  state.yasqe = yasqe; state.yasr = yasr;

  // IRIs in the results open their node page (/node?iri=...), not the IRI itself
  function linkIris(root) {
    var links = root.querySelectorAll ? root.querySelectorAll("a.iri:not([data-dg])") : [];
    for (var i = 0; i < links.length; i++) {
      var a = links[i], iri = a.getAttribute("href");
      a.setAttribute("data-dg", "1");
      if (!iri || a.closest("sup")) continue;  // a literal's datatype stays a plain link
      a.setAttribute("href", nodeHref(iri));
      a.setAttribute("title", iri);
      a.removeAttribute("target");
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (c) { c.addedNodes.forEach(function (n) { if (n.nodeType === 1) linkIris(n); }); });
  }).observe($("dg-yasr"), { childList: true, subtree: true });

  function clearResults() {
    if (graphView) graphView.destroy();
    yasr.results = undefined;
    while (yasr.resultsEl.firstChild) yasr.resultsEl.firstChild.remove();
    yasr.draw();
    $("dg-summary").textContent = "";
    ["dg-truncated", "dg-error", "dg-downloads"].forEach(function (id) { $(id).hidden = true; });
    state.rows = state.kind = state.truncated = state.error = state.drawnMs = null;
  }

  // ------------------------------------------------------------------ the examples
  var named = {}, example = null;
  function boundPath() {
    var args = new URLSearchParams();
    example.params.forEach(function (p) {
      var value = $("dg-param-" + p.name).value.trim();
      if (value) args.set(p.name, value);  // an empty optional parameter is left out, not sent empty
    });
    var q = args.toString();
    return "queries/" + encodeURIComponent(example.name) + (q ? "?" + q : "");
  }
  function showBound() {
    if (!example) return;
    var path = boundPath();
    $("dg-bound-text").textContent = "/" + path;
    $("dg-bound").setAttribute("href", path);
  }
  function chooseExample(name, values) {
    example = named[name] || null;
    var fields = $("dg-param-fields");
    fields.textContent = "";
    $("dg-examples").value = example ? example.name : "";
    if (!example) { $("dg-params").hidden = true; $("dg-example-description").textContent = ""; return; }
    $("dg-example-description").textContent = example.title + ": " + example.description;
    example.params.forEach(function (p) {
      var row = el("div", null, "dg-param"), id = "dg-param-" + p.name;
      var label = el("label", p.name + (p.required ? " (required)" : " (optional)"));
      label.setAttribute("for", id);
      var field = el("input");
      field.id = id; field.name = p.name;
      field.type = p.kind === "integer" ? "number" : "text";
      field.placeholder = p.example || p.default || "";
      field.required = !!p.required;
      field.value = values && values[p.name] !== undefined ? values[p.name] : (p.required ? (p.example || "") : "");
      field.setAttribute("aria-describedby", id + "-doc");
      field.addEventListener("input", showBound);
      if (NAME_KINDS[p.kind]) complete(field, id + "-names", NAME_KINDS[p.kind]);
      var doc = el("span", (p.doc || p.kind) + (p.example ? " (e.g. " + p.example + ")" : ""), "dg-note");
      doc.id = id + "-doc";
      row.appendChild(label); row.appendChild(field); row.appendChild(doc);
      fields.appendChild(row);
    });
    $("dg-params").hidden = false;
    yasqe.setValue(example.text);
    showBound();
  }
  // a parameter that names a node completes from the same name search as /explore (any script, either
  // name order): a datalist of the matching names, asked for as the person types
  var NAME_KINDS = { title: ["title"], work: ["title", "work"], person: ["person"], character: ["character"],
                     concept: ["illness", "theme", "work kind", "concept"], thing: null };
  function complete(field, listId, kinds) {
    var list = el("datalist"), timer = null, asked = 0;
    list.id = listId; field.setAttribute("list", listId); field.setAttribute("autocomplete", "off");
    document.body.appendChild(list);
    field.addEventListener("input", function () {
      clearTimeout(timer);
      var text = field.value.trim(), mine = ++asked;
      if (!text) { list.textContent = ""; return; }
      timer = setTimeout(function () {
        fetch("explore/search?limit=10&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (d) {
            if (mine !== asked) return;  // a later keystroke asked again
            list.textContent = "";
            var seen = {};
            d.results.forEach(function (r) {
              if ((kinds && kinds.indexOf(r.kind) < 0) || seen[r.label]) return;
              seen[r.label] = true;
              var o = el("option"); o.value = r.label; o.label = r.kind; list.appendChild(o);
            });
          }).catch(function () {});
      }, 150);
    });
  }
  function usesExample() { return example && yasqe.getValue() === example.text; }
  yasqe.on("change", function () {
    $("dg-params").classList.toggle("dg-stale", !!example && !usesExample());
  });
  $("dg-examples").addEventListener("change", function () { chooseExample($("dg-examples").value); });
  $("dg-params").addEventListener("submit", function (e) { e.preventDefault(); run(); });

  // ------------------------------------------------------------------ history (localStorage)
  function readHistory() {
    try { return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { return []; }
  }
  function describe(entry) {
    if (entry.example) return entry.example + (entry.args ? " (" + entry.args + ")" : "");
    var lines = entry.query.split("\n").filter(function (l) { return l.trim() && !/^\s*(PREFIX|#)/i.test(l); });
    var first = (lines[0] || entry.query).trim();
    return first.length > 70 ? first.slice(0, 69) + "\u2026" : first;
  }
  function drawHistory() {
    var select = $("dg-history");
    while (select.options.length > 1) select.remove(1);
    readHistory().forEach(function (entry, i) {
      var o = el("option", describe(entry)); o.value = String(i); select.appendChild(o);
    });
  }
  function remember(entry) {
    var key = JSON.stringify([entry.query, entry.example, entry.args]);
    var list = readHistory().filter(function (e) { return JSON.stringify([e.query, e.example, e.args]) !== key; });
    list.unshift(entry);
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(list.slice(0, HISTORY_SIZE))); } catch (e) { /* full */ }
    drawHistory();
  }
  $("dg-history").addEventListener("change", function () {
    var entry = readHistory()[Number($("dg-history").value)];
    $("dg-history").value = "";
    if (!entry) return;
    restore(entry.example ? { example: entry.example, args: new URLSearchParams(entry.args || "") } : { query: entry.query });
  });

  // ------------------------------------------------------------------ running a query
  var running = null;
  function run(options) {
    options = options || {};
    var text = yasqe.getValue(), url, init, entry;
    if (usesExample()) {
      if (!$("dg-params").reportValidity()) return;
      url = boundPath();
      init = { headers: { Accept: ACCEPT } };
      entry = { query: text, example: example.name, args: url.split("?")[1] || "" };
    } else {
      var body = new URLSearchParams(); body.set("query", text);
      url = "sparql";
      init = { method: "POST", body: body, headers: { Accept: ACCEPT } };
      entry = { query: text };
    }
    if (running) running.abort();
    running = new AbortController();
    init.signal = running.signal;
    clearResults();
    state.done = false;
    $("dg-summary").textContent = "Running\u2026";
    $("dg-run").disabled = true;
    if (!options.fromUrl) updateUrl(entry, options.replace);
    var started = performance.now();
    fetch(url, init).then(function (r) {
      return r.text().then(function (t) { return { r: r, t: t }; });
    }).then(function (answer) {
      var ms = Math.round(performance.now() - started);
      if (!answer.r.ok) return showError(answer.r.status + " " + answer.r.statusText + ": " + answer.t.trim());
      remember(entry);
      show(answer.r, answer.t, ms, entry);
    }).catch(function (e) {
      if (e && e.name === "AbortError") return;
      showError(String(e && e.message || e));
    }).then(function () {
      $("dg-run").disabled = false;
      state.runs += 1;
      state.done = true;
    });
  }
  function showError(message) {
    clearResults();
    $("dg-summary").textContent = "";
    $("dg-error").textContent = message;
    $("dg-error").hidden = false;
    state.error = message;
  }
  function show(r, text, ms, entry) {
    var type = (r.headers.get("content-type") || "").split(";")[0].trim();
    var graph = type === "application/n-triples";
    var data = graph ? text : JSON.parse(text);
    var kind = graph ? "graph" : data.boolean !== undefined ? "ask" : "select";
    var t0 = performance.now();
    yasr.selectPlugin(graph ? "graph" : "table");
    yasr.setResponse({ data: data, contentType: type, status: r.status, executionTime: ms });
    state.drawnMs = Math.round(performance.now() - t0);
    var count = kind === "ask" ? null : (yasr.results.getBindings() || []).length;
    state.kind = kind; state.rows = count;
    $("dg-summary").textContent = kind === "ask" ? "Answer: " + (data.boolean ? "yes" : "no") + " (" + ms + " ms)" :
      count.toLocaleString("en") + (kind === "graph" ? (count === 1 ? " triple" : " triples") : (count === 1 ? " row" : " rows")) +
      " in " + ms + " ms";
    var cut = r.headers.get("X-Dramagraph-Truncated");
    if (cut) {
      state.truncated = Number(cut);
      $("dg-truncated").textContent = "The answer was cut: the server sends at most " + Number(cut).toLocaleString("en") +
        (kind === "graph" ? " triples" : " rows") + " (dramagraph serve --max-rows). Narrow the query, or add " +
        "ORDER BY and LIMIT/OFFSET to page through it.";
      $("dg-truncated").hidden = false;
    }
    var formats = kind === "graph" ? [["turtle", "Turtle", "ttl"], ["nt", "N-Triples", "nt"], ["jsonld", "JSON-LD", "jsonld"]] :
      kind === "ask" ? [["json", "JSON", "json"]] : [["csv", "CSV", "csv"], ["tsv", "TSV", "tsv"], ["json", "JSON", "json"]];
    var base = entry.example ? "queries/" + encodeURIComponent(entry.example) + "?" + (entry.args ? entry.args + "&" : "")
                             : "sparql?query=" + encodeURIComponent(entry.query) + "&";
    for (var i = 1; i <= 3; i++) {
      var a = $("dg-dl-" + i), f = formats[i - 1];
      a.hidden = !f;
      if (!f) continue;
      a.textContent = f[1];
      a.setAttribute("href", base + "format=" + f[0]);
      a.setAttribute("download", (entry.example || "results") + "." + f[2]);
    }
    $("dg-downloads").hidden = false;
  }
  $("dg-run").addEventListener("click", function () { run(); });

  // ------------------------------------------------------------------ the URL holds the query
  function updateUrl(entry, replace) {
    var search = entry.example ? "?example=" + encodeURIComponent(entry.example) + (entry.args ? "&" + entry.args : "")
                               : "?query=" + encodeURIComponent(entry.query);
    if (location.search === search) return;
    history[replace ? "replaceState" : "pushState"](null, "", location.pathname + search);
  }
  function restore(what, go) {
    if (what.example && named[what.example]) {
      var values = {};
      what.args.forEach(function (v, k) { if (k !== "example") values[k] = v; });
      chooseExample(what.example, values);
    } else if (what.query !== undefined) {
      chooseExample("");
      yasqe.setValue(what.query);
    } else return false;
    if (go) run({ fromUrl: true });
    return true;
  }
  function fromLocation() {
    var args = new URLSearchParams(location.search);
    if (args.has("example")) return restore({ example: args.get("example"), args: args }, true);
    if (args.has("query")) return restore({ query: args.get("query") }, true);
    return false;
  }
  window.addEventListener("popstate", function () { fromLocation(); });

  // ------------------------------------------------------------------ the graph view (a Yasr plugin)
  var graphView = null;
  function GraphPlugin(yasr) {
    this.yasr = yasr; this.priority = 5; this.label = "Graph";
    this.helpReference = undefined; this.network = null;
  }
  GraphPlugin.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    return !!(r && (r.getContentType() || "").indexOf("n-triples") >= 0 && r.getBindings());
  };
  GraphPlugin.prototype.getIcon = function () { var s = el("span", "\u25cb\u2014\u25cb", "dg-graph-icon"); return s; };
  GraphPlugin.prototype.destroy = function () {
    if (this.network) { this.network.destroy(); this.network = null; }
    if (graphView === this) graphView = null;
  };
  GraphPlugin.prototype.draw = function () {
    this.destroy();
    graphView = this;
    var self = this, bindings = this.yasr.results.getBindings(), shown = bindings.slice(0, GRAPH_LIMIT);
    var wrap = el("div", null, "dg-graph"), tools = el("div", null, "dg-graph-tools");
    var note = el("p", "Each triple is an edge; a literal is its own node. Click a node to add its neighbours " +
      "(dashed), or choose it below.", "dg-note");
    if (bindings.length > shown.length) note.textContent += " The first " + GRAPH_LIMIT.toLocaleString("en") +
      " of " + bindings.length.toLocaleString("en") + " triples are drawn; the table holds them all.";
    var pickLabel = el("label", "Node"), pick = el("select"), expand = el("button", "Add neighbours"), open = el("a", "Open node page");
    pick.id = "dg-graph-node"; pickLabel.setAttribute("for", pick.id);
    expand.type = "button"; expand.id = "dg-graph-expand"; open.id = "dg-graph-open";
    var status = el("span", "", "dg-note"); status.setAttribute("role", "status");
    tools.appendChild(pickLabel); tools.appendChild(pick); tools.appendChild(expand); tools.appendChild(open); tools.appendChild(status);
    var canvas = el("div", null, "dg-graph-canvas");
    canvas.id = "dg-graph-canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "The graph of the answer's triples");
    wrap.appendChild(note); wrap.appendChild(tools); wrap.appendChild(canvas);
    this.yasr.resultsEl.appendChild(wrap);

    var names = {};
    shown.forEach(function (b) {
      if (b.predicate.value === PREFIXES.schema + "name" && b.object.type === "literal" && !names[b.subject.value]) names[b.subject.value] = b.object.value;
    });
    var nodes = new vis.DataSet(), edges = new vis.DataSet(), literal = 0;
    function cut(s) { return s.length > 40 ? s.slice(0, 39) + "\u2026" : s; }
    function addTerm(term) {
      if (term.type === "literal" || term.type === "typed-literal") {
        literal += 1;
        var id = "literal:" + literal;
        nodes.add({ id: id, label: cut(term.value), title: term.value, shape: "box", group: "literal",
                    color: { background: "#fff8e1", border: "#c8a94a" }, font: { size: 12 } });
        return id;
      }
      var key = term.type === "bnode" ? "_:" + term.value : term.value;
      if (!nodes.get(key)) {
        var label = term.type === "bnode" ? "_:" + term.value : names[term.value] || shorten(term.value);
        nodes.add({ id: key, label: cut(label), title: key, iri: term.type === "bnode" ? null : term.value, shape: "dot", size: 10,
                    color: { background: "#4e79a7", border: "#2f4b6c" } });
      }
      return key;
    }
    shown.forEach(function (b, i) {
      var from = addTerm(b.subject), to = addTerm(b.object);
      edges.add({ id: "t" + i, from: from, to: to, label: shorten(b.predicate.value), title: b.predicate.value, arrows: "to" });
    });
    function fillPick() {
      var chosen = pick.value;
      pick.textContent = "";
      nodes.get({ filter: function (n) { return !!n.iri; } }).sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; })
        .forEach(function (n) { var o = el("option", n.label + " (" + shorten(n.iri) + ")"); o.value = n.id; pick.appendChild(o); });
      if (chosen) pick.value = chosen;
      choose(pick.value);
    }
    function choose(id) {
      var n = id && nodes.get(id);
      if (!n) { open.removeAttribute("href"); return; }
      pick.value = id;
      open.setAttribute("href", nodeHref(n.iri));
    }
    function grow(id) {
      var n = nodes.get(id);
      if (!n || !n.iri) return;
      choose(id);
      status.textContent = "Asking for the neighbours of " + n.label + "\u2026";
      fetch("explore/node?limit=25&iri=" + encodeURIComponent(n.iri), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.text().then(function (t) { if (!r.ok) throw new Error(t.trim()); return JSON.parse(t); }); })
        .then(function (answer) {
          var added = 0;
          answer.neighbours.forEach(function (m) {
            if (!nodes.get(m.id)) {
              added += 1;
              nodes.add({ id: m.id, label: cut(m.label), title: m.id, iri: m.id, shape: "dot", size: 8,
                          color: { background: "#9cb8d6", border: "#4e79a7" } });
            }
          });
          answer.links.forEach(function (l) {
            var key = "x:" + l.from + " " + l.relation + " " + l.to;
            if (!edges.get(key)) edges.add({ id: key, from: l.from, to: l.to, label: l.label, dashes: true, arrows: "to",
                                             color: { color: "#999" }, font: { color: "#666", size: 10 } });
          });
          status.textContent = added + " neighbours added (of " + answer.total + ")";
          fillPick();
          state.expanded = (state.expanded || 0) + 1;
        })
        .catch(function (e) { status.textContent = "Could not add neighbours: " + (e.message || e); state.expanded = (state.expanded || 0) + 1; });
    }
    this.network = new vis.Network(canvas, { nodes: nodes, edges: edges }, {
      physics: { stabilization: { iterations: 150 }, barnesHut: { springLength: 120 } },
      edges: { smooth: false, font: { size: 10, align: "middle" } },
      interaction: { hover: true, keyboard: false }
    });
    this.network.once("stabilizationIterationsDone", function () { if (self.network) self.network.setOptions({ physics: false }); });
    this.network.on("click", function (p) { if (p.nodes.length) grow(p.nodes[0]); });
    pick.addEventListener("change", function () { choose(pick.value); });
    expand.addEventListener("click", function () { grow(pick.value); });
    this.nodes = nodes; this.edges = edges;
    state.graph = { nodes: nodes, edges: edges, grow: grow };
    fillPick();
  };

  // ------------------------------------------------------------------ start
  drawHistory();
  fetch("queries", { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (q) {
      if (q.audience === "internal") return;  // run by dramagraph itself, not meant for people
      named[q.name] = q;
      var o = el("option", q.title + " (" + q.name + ")"); o.value = q.name; $("dg-examples").appendChild(o);
    });
  }).catch(function (e) { $("dg-example-description").textContent = "The examples did not load: " + e; })
    .then(function () {
      fromLocation();
      state.readyMs = performance.now();  // since navigation began (benchmarks/bench_explorer.py)
      state.ready = true;
    });
})();
