(function () {
  "use strict";
  // the server predeclares the dramagraph prefixes (schema:, skos:, title:, person:, ...)
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  var status = document.getElementById("status"), query = document.getElementById("query");
  var examples = document.getElementById("examples"), named = {}, chosen = null;
  fetch("queries").then(function (r) { return r.json(); }).then(function (list) {
    list.forEach(function (q) { named[q.name] = q; var o = el("option", q.name + ": " + q.title); o.value = q.name; examples.appendChild(o); });
    window.dramagraphExplorer.loaded = true;
  });
  examples.addEventListener("change", function () {
    var q = named[examples.value]; if (!q) return;
    query.value = q.text; chosen = { name: q.name, text: q.text, params: q.params };
  });
  var network = null;
  function show(data) {
    var results = document.getElementById("results"); results.textContent = "";
    if (data.boolean !== undefined) { results.appendChild(el("p", data.boolean ? "yes" : "no")); return; }
    var vars = data.head.vars, table = el("table"), head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", v)); }); table.appendChild(head);
    var nodes = {}, edges = [];
    data.results.bindings.forEach(function (b) {
      var tr = el("tr"), row = [];
      vars.forEach(function (v) { var t = b[v]; tr.appendChild(el("td", t ? t.value : "")); row.push(t); });
      table.appendChild(tr);
      for (var i = 0; i < row.length; i++) {
        if (!row[i]) continue;
        var id = row[i].type + ":" + row[i].value;
        nodes[id] = { id: id, label: row[i].value.length > 40 ? row[i].value.slice(0, 40) + "\u2026" : row[i].value,
                      shape: row[i].type === "uri" ? "dot" : "box" };
        if (i > 0 && row[i - 1]) edges.push({ from: row[i - 1].type + ":" + row[i - 1].value, to: id });
      }
    });
    results.appendChild(table);
    if (network) network.destroy();
    network = new vis.Network(document.getElementById("graph"),
      { nodes: new vis.DataSet(Object.values(nodes)), edges: new vis.DataSet(edges) },
      { physics: { stabilization: { iterations: 100 } }, edges: { smooth: false } });
    window.dramagraphExplorer.rows = data.results.bindings.length;
  }
  function run() {
    var text = query.value, request, accept = { Accept: "application/sparql-results+json" };
    window.dramagraphExplorer.done = false;
    if (chosen && text === chosen.text) {  // a named query as it stands: run it with its example values
      var args = new URLSearchParams();
      chosen.params.forEach(function (p) { if (p.example) args.set(p.name, p.example); });
      request = fetch("queries/" + encodeURIComponent(chosen.name) + "?" + args.toString(), { headers: accept });
    } else {
      var body = new URLSearchParams(); body.set("query", text);
      request = fetch("sparql", { method: "POST", body: body, headers: accept });
    }
    status.textContent = "running\u2026";
    request.then(function (r) {
      return r.text().then(function (t) { if (!r.ok) throw new Error(t); return JSON.parse(t); });
    }).then(function (data) { status.textContent = ""; show(data); window.dramagraphExplorer.done = true; })
      .catch(function (e) { status.textContent = String(e.message || e); window.dramagraphExplorer.done = true; });
  }
  document.getElementById("run").addEventListener("click", run);
  window.dramagraphExplorer = { run: run, loaded: false, done: false, rows: 0 };
})();
