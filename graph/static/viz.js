(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dg-data").textContent);
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function fold(s) { return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function tooltip(n) {
    var box = el("div", undefined, "dg-tip");
    box.appendChild(el("strong", n.label));
    n.facts.forEach(function (f) { box.appendChild(el("div", f[0] + ": " + f[1])); });
    return box;
  }
  var original = {};
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    original[n.id] = { color: n.color };
    return { id: n.id, label: n.label, shape: n.shape, color: n.color, value: n.value, x: n.x, y: n.y,
             title: tooltip(n), kind: n.kind, search: n.search, illnesses: n.illnesses };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, title: el("div", e.tip, "dg-tip"), relation: e.relation };
  }));
  var network = new vis.Network(document.getElementById("dg-network"), { nodes: nodes, edges: edges }, data.options);
  var state = { kinds: {}, illness: "", selected: null };
  data.legend.forEach(function (k) { state.kinds[k[0]] = true; });

  function visible(n) {
    if (!state.kinds[n.kind]) return false;
    if (!state.illness) return true;
    return illnessSet.has(n.id);
  }
  var illnessSet = new Set();
  function computeIllnessSet() {
    illnessSet = new Set();
    if (!state.illness) return;
    nodes.forEach(function (n) {
      if (n.illnesses.indexOf(state.illness) >= 0) {
        illnessSet.add(n.id);
        network.getConnectedNodes(n.id).forEach(function (m) { illnessSet.add(m); });
      }
    });
  }
  function refresh() {
    var neighbours = null;
    if (state.selected !== null) {
      neighbours = new Set(network.getConnectedNodes(state.selected));
      neighbours.add(state.selected);
    }
    nodes.update(nodes.map(function (n) {
      var dim = neighbours !== null && !neighbours.has(n.id);
      return { id: n.id, hidden: !visible(n),
               color: dim ? { background: "#eeeeee", border: "#dddddd" } : original[n.id].color,
               font: { color: dim ? "#bbbbbb" : "#343434" } };
    }));
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    document.getElementById("dg-status").textContent = shown + " of " + nodes.length + " nodes shown";
  }

  var legend = document.getElementById("dg-legend");
  data.legend.forEach(function (k) {
    var label = el("label"); label.setAttribute("data-kind", k[0]);
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { state.kinds[k[0]] = box.checked; refresh(); });
    var swatch = el("span", undefined, "dg-swatch"); swatch.style.background = k[1];
    label.appendChild(box); label.appendChild(swatch); label.appendChild(el("span", k[2]));
    legend.appendChild(label); legend.appendChild(el("br"));
  });
  var select = document.getElementById("dg-illness");
  data.illnesses.forEach(function (name) { var o = el("option", name); o.value = name; select.appendChild(o); });
  select.addEventListener("change", function () { state.illness = select.value; computeIllnessSet(); refresh(); });

  function focus(id) {
    state.selected = id;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    refresh();
  }
  function search(text) {
    var q = fold(text).trim();
    if (!q) return [];
    return nodes.get({ filter: function (n) { return n.search.indexOf(q) >= 0; } })
      .sort(function (a, b) { return (a.search === q ? 0 : 1) - (b.search === q ? 0 : 1) || a.label.localeCompare(b.label); });
  }
  var input = document.getElementById("dg-search"), results = document.getElementById("dg-results");
  function showResults() {
    results.textContent = "";
    search(input.value).slice(0, 20).forEach(function (n) {
      var li = el("li", n.label + " (" + n.kind + ")");
      li.addEventListener("click", function () { focus(n.id); });
      results.appendChild(li);
    });
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var found = search(input.value); if (found.length) focus(found[0].id); }
  });
  network.on("click", function (params) {
    state.selected = params.nodes.length ? params.nodes[0] : null;
    refresh();
  });
  var ready = false;
  function markReady() { if (!ready) { ready = true; window.dramagraph.ready = true; document.body.setAttribute("data-ready", "1"); } }
  network.once("afterDrawing", function () { if (data.precomputed) markReady(); });
  network.once("stabilizationIterationsDone", markReady);
  window.dramagraph = { network: network, nodes: nodes, edges: edges, focus: focus, search: search,
                        selected: function () { return state.selected; }, ready: false, refresh: refresh };
  refresh();
})();
