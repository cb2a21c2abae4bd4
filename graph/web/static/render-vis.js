// The vis-network renderer of dramagraph's page (small and middle-sized views): draws data.nodes and
// data.edges with vis.Network and answers viz.js through the adapter interface that render-sigma.js
// has too (neighbours, links, apply, select, path, place, fitInto, fit, box, scale, screenPosition,
// onClick, onHover, onReady).
//
// Tooltips are viz.js's own (placed away from the node, never on touch): vis-network's popup is not
// used, as it opens at the pointer, over the node one points at.
(function () {
  "use strict";
  window.dgRenderer = function (container, data) {
    var original = {};
    data.nodes.forEach(function (n) { original[n.id] = n.color; });
    // a label's size until planned (below): 5 to 10 canvas units by its node's value, so that on a large
    // page the plan changes only the labels it names (an update of every node is slow at thousands)
    var lowest = Infinity, highest = -Infinity, fontSize = {};
    data.nodes.forEach(function (n) { lowest = Math.min(lowest, n.value); highest = Math.max(highest, n.value); });
    function underSize(n, under) { return under * (0.5 + 0.5 * (n.value - lowest) / Math.max(highest - lowest, 1)); }
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      fontSize[n.id] = underSize(n, 10);
      return { id: n.id, label: n.label, shape: n.shape, color: n.color, value: n.value, x: n.x, y: n.y,
               kind: n.kind, search: n.search, illnesses: n.illnesses, font: { size: fontSize[n.id] } };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      return { id: e.id, from: e.from, to: e.to, relation: e.relation, tip: e.tip };
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

    // Labels by importance and zoom: each node's label has its own size in canvas units, planned at the
    // opening zoom from the real canvas: labels.shown nodes (fewer on a small screen, in proportion to its
    // area), the most linked first (among the 3 × labels.shown most linked), each named unless its label
    // would cover one named before it, at labels.minPx + 1 to 1.5 times that on screen; the others just
    // under labels.minPx, so that they are not drawn (vis-network draws a label from drawThreshold - 1 px
    // on screen) and appear by their links as one zooms in. After each zoom the labels that would be drawn
    // larger than labels.maxVisible are capped (vis-network 9.1.2 does not apply its own maxVisible).
    var policy = data.labels || { shown: 30, minPx: 12, maxVisible: 26, planned: [900, 650] };
    var planned = null, capTimer = null;
    function planLabels() {
      var scale = network.getScale(), threshold = policy.minPx + 1;
      var values = data.nodes.map(function (n) { return n.value; }).sort(function (a, b) { return b - a; });
      if (!values.length) return;
      var area = container.clientWidth * container.clientHeight, whole = policy.planned[0] * policy.planned[1];
      var shown = Math.max(1, Math.round(policy.shown * Math.min(1, area / whole)));
      var low = values[values.length - 1], high = values[0], target = values[Math.min(shown, values.length) - 1];
      var needed = threshold / scale, under = Math.min(10, (threshold - 2) / scale);
      planned = {};
      data.nodes.forEach(function (n) { planned[n.id] = underSize(n, under); });
      // the most linked first (then by id), each named unless its label would cover one named before it
      // (a label sits centred under its node, as vis-network draws it)
      var ranked = data.nodes.slice().sort(function (a, b) { return b.value - a.value || (a.id < b.id ? -1 : 1); });
      var measure = document.createElement("canvas").getContext("2d"), boxes = [], pos = network.getPositions();
      measure.font = "100px arial";
      var named = 0;
      ranked.slice(0, 3 * shown).forEach(function (n) {  // until `shown` are named, among the 3 × shown most linked
        if (named >= shown) return;
        var size = needed * (1 + 0.5 * Math.max(0, n.value - target) / Math.max(high - target, 1)), px = Math.min(size * scale, policy.maxVisible);
        var at = network.canvasToDOM(pos[n.id]), r = radius(n.id) * scale, w = measure.measureText(n.label).width * px / 100;
        var box = [at.x - w / 2 - 2, at.y + r, at.x + w / 2 + 2, at.y + r + px * 1.25];
        if (boxes.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; })) return;
        boxes.push(box);
        planned[n.id] = size; named += 1;
      });
      capLabels();
    }
    function capLabels() {  // the planned sizes, none over maxVisible px at this zoom; updates only what changed
      if (!planned) return;
      var scale = network.getScale(), most = policy.maxVisible / scale, named = (policy.minPx + 1) / scale, changed = [];
      data.nodes.forEach(function (n) {  // the selection and its neighbours (or a path) are all named
        var size = Math.min(nearNow !== null && nearNow.has(n.id) ? Math.max(planned[n.id], named) : planned[n.id], most);
        if (fontSize[n.id] !== size) { fontSize[n.id] = size; changed.push({ id: n.id, font: { size: size, color: fontColour[n.id] } }); }
      });
      if (changed.length) nodes.update(changed);
    }
    var fontColour = {}, nearNow = null;
    data.nodes.forEach(function (n) { fontColour[n.id] = "#343434"; });
    network.on("zoom", function () { clearTimeout(capTimer); capTimer = setTimeout(capLabels, 100); });

    function size() { return { width: container.clientWidth, height: container.clientHeight }; }
    function radius(id) {  // the node's shape's radius, in canvas units (every shape has its label outside)
      var node = network.body.nodes[id];
      return node ? (node.shape.radius || node.options.size || 10) : 0;
    }
    // put canvas point `position` at DOM point `at` (canvas-relative) at `scale`
    function moveTo(position, at, scale) {
      var s = size();
      network.moveTo({ position: position, scale: scale, offset: { x: at.x - s.width / 2, y: at.y - s.height / 2 },
                       animation: false });
      capLabels();
    }
    var FOCUS_SCALE = 1.2;

    return {
      name: "vis",
      shapes: true,  // vis-network draws each kind's shape
      legendNote: "Shape and colour: the kind of node. Size: how many links it has.",
      neighbours: function (id) { return network.getConnectedNodes(id); },
      links: function (id) {  // [{relation, from, to, tip}] of the edges at a node
        return network.getConnectedEdges(id).map(function (eid) { var e = edges.get(eid); return { id: eid, relation: e.relation, from: e.from, to: e.to, tip: e.tip }; });
      },
      // show(id): whether a node passes the filters; near: null, or the selection and its neighbours
      // (the other nodes fade and lose their labels, so that the selection's neighbours can be read)
      apply: function (show, near) {
        nearNow = near;
        capLabels();
        nodes.update(data.nodes.map(function (n) {
          var dim = near !== null && !near.has(n.id);
          fontColour[n.id] = dim ? "rgba(0,0,0,0)" : "#343434";
          var font = { color: fontColour[n.id] };
          if (n.id in fontSize) font.size = fontSize[n.id];
          return { id: n.id, hidden: !show(n.id),
                   color: dim ? { background: "#eeeeee", border: "#dddddd" } : original[n.id],
                   opacity: dim ? 0.35 : 1, font: font };
        }));
      },
      select: function (id) { if (id === null) network.unselectAll(); else network.selectNodes([id]); },
      // a path's nodes and edges drawn as selected (its edges dark), or none
      path: function (nodeIds, edgeIds) {
        if (!nodeIds) network.unselectAll();
        else network.setSelection({ nodes: nodeIds, edges: edgeIds }, { highlightEdges: false });
      },
      // node `id` drawn at DOM point `at`; zoom "focus" zooms in (to at least 1.2), "keep" keeps the zoom
      place: function (id, at, zoom) {
        var scale = network.getScale();
        moveTo(network.getPositions([id])[id], at, zoom === "focus" ? FOCUS_SCALE : scale);
      },
      // the nodes `ids` fitted into the DOM rectangle `rect` ({left, top, width, height}, canvas-relative)
      fitInto: function (ids, rect) {
        if (!ids.length) return;
        var pos = network.getPositions(ids), x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, r = 0;
        ids.forEach(function (id) {
          var p = pos[id]; if (!p) return;
          x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
          r = Math.max(r, radius(id));
        });
        // room around for the names (drawn under the nodes, centred)
        var w = Math.max(rect.width - 2 * 48, 1), h = Math.max(rect.height - 2 * 24, 1);
        var scale = Math.min(w / (x1 - x0 + 2 * r), h / (y1 - y0 + 2 * r), 1.5);
        moveTo({ x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }, scale);
      },
      fit: function () { network.fit({ animation: false }); capLabels(); },
      scale: function () { return network.getScale(); },
      screenPosition: function (id) { return network.canvasToDOM(network.getPositions([id])[id]); },
      // the node's shape on screen: {left, top, right, bottom}, canvas-relative DOM pixels
      box: function (id) {
        var p = network.canvasToDOM(network.getPositions([id])[id]), r = radius(id) * network.getScale();
        return { left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r };
      },
      onClick: function (handler) {
        network.on("click", function (params) { handler(params.nodes.length ? params.nodes[0] : null); });
      },
      // handler(kind, id, pointer): kind "node" or "edge" entered (pointer: DOM point), or null left
      onHover: function (handler) {
        network.on("hoverNode", function (p) { handler("node", p.node, p.pointer.DOM); });
        network.on("blurNode", function () { handler(null); });
        network.on("hoverEdge", function (p) { handler("edge", p.edge, p.pointer.DOM); });
        network.on("blurEdge", function () { handler(null); });
        network.on("dragStart", function () { handler(null); });
        network.on("zoom", function () { handler(null); });
      },
      edgeTip: function (id) { var e = edges.get(id); return e ? e.tip : ""; },
      onReady: function (handler) {
        function ready() { planLabels(); handler(); }
        network.once("afterDrawing", function () { if (data.precomputed) ready(); });
        network.once("stabilizationIterationsDone", ready);
      },
      expose: { network: network, nodes: nodes, edges: edges }
    };
  };
})();
