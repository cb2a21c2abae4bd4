// The vis-network renderer of dramagraph's page (small and middle-sized views): draws data.nodes and
// data.edges with vis.Network and answers viz.js through the adapter interface that render-sigma.js
// has too (neighbours, links, apply, select, focus, fit, scale, screenPosition, onClick, onReady).
(function () {
  "use strict";
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function tooltip(n) {  // text only, never HTML
    var box = el("div", undefined, "dg-tip");
    box.appendChild(el("strong", n.label));
    n.facts.forEach(function (f) { box.appendChild(el("div", f[0] + ": " + f[1])); });
    return box;
  }

  window.dgRenderer = function (container, data) {
    var original = {};
    data.nodes.forEach(function (n) { original[n.id] = n.color; });
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return { id: n.id, label: n.label, shape: n.shape, color: n.color, value: n.value, x: n.x, y: n.y,
               title: tooltip(n), kind: n.kind, search: n.search, illnesses: n.illnesses };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      return { id: e.id, from: e.from, to: e.to, title: el("div", e.tip, "dg-tip"), relation: e.relation };
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

    // Label sizes follow the links (scaling.label), but vis-network 9.1.2 does not apply its own
    // maxVisible limit, so zoomed in the hubs' names grow to hundreds of pixels. After each zoom the
    // range is capped so that no label is drawn larger than maxVisible on screen.
    var labelScaling = ((data.options.nodes || {}).scaling || {}).label, capTimer = null;
    function capLabels() {
      if (!labelScaling || !labelScaling.enabled) return;
      // zoomed in: the most linked at maxVisible px, the least linked just under the threshold (unlabelled),
      // so labels appear by importance as one zooms, and none grows past maxVisible
      var scale = network.getScale(), most = Math.min(labelScaling.max, labelScaling.maxVisible / scale);
      var least = Math.min(labelScaling.min, (labelScaling.drawThreshold - 2) / scale, most);
      network.setOptions({ nodes: { scaling: { label: { max: most, min: least } } } });
      network.body.emitter.emit("_dataChanged");  // vis-network recomputes each node's label size from the range
    }
    network.on("zoom", function () { clearTimeout(capTimer); capTimer = setTimeout(capLabels, 100); });

    return {
      name: "vis",
      shapes: true,  // vis-network draws each kind's shape
      legendNote: "Shape and colour: the kind of node. Size: how many links it has.",
      neighbours: function (id) { return network.getConnectedNodes(id); },
      links: function (id) {  // [{relation, from, to}] of the edges at a node
        return network.getConnectedEdges(id).map(function (eid) { var e = edges.get(eid); return { relation: e.relation, from: e.from, to: e.to }; });
      },
      // show(id): whether a node passes the filters; near: null, or the selection and its neighbours
      // (the other nodes fade and lose their labels, so that the selection's neighbours can be read)
      apply: function (show, near) {
        nodes.update(data.nodes.map(function (n) {
          var dim = near !== null && !near.has(n.id);
          return { id: n.id, hidden: !show(n.id),
                   color: dim ? { background: "#eeeeee", border: "#dddddd" } : original[n.id],
                   opacity: dim ? 0.35 : 1, font: { color: dim ? "rgba(0,0,0,0)" : "#343434" } };
        }));
      },
      select: function (id) { if (id === null) network.unselectAll(); else network.selectNodes([id]); },
      focus: function (id) { network.focus(id, { scale: 1.2, animation: false }); capLabels(); },
      fit: function () { network.fit({ animation: false }); capLabels(); },
      scale: function () { return network.getScale(); },
      screenPosition: function (id) { return network.canvasToDOM(network.getPositions([id])[id]); },
      onClick: function (handler) {
        network.on("click", function (params) { handler(params.nodes.length ? params.nodes[0] : null); });
      },
      onReady: function (handler) {
        network.once("afterDrawing", function () { if (data.precomputed) handler(); });
        network.once("stabilizationIterationsDone", handler);
      },
      expose: { network: network, nodes: nodes, edges: edges }
    };
  };
})();
