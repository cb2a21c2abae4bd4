// The WebGL renderer of dramagraph's page (large views): sigma.js 3 draws a graphology graph of
// data.nodes and data.edges at the positions computed in Python, and answers viz.js through the
// adapter interface that render-vis.js has too (neighbours, links, apply, select, path, place, fitInto,
// fit, box, scale, screenPosition, onClick, onHover, onReady).
//
// Labels by importance and zoom come from sigma's label grid: the drawing is cut into cells of
// data.sigma.labelGridCellSize pixels and each cell names its largest (most linked) node at the
// opening zoom, more per cell as one zooms in; every label is drawn data.sigma.labelSize px high.
// Filters and the selection are sigma reducers: the graph itself never changes. A filter hides nodes
// (sigma processes the whole graph again); a selection only marks itself and its neighbours
// highlighted (sigma redraws those on its hover layer, on top) and fades the rest by the opacity of
// the nodes' and edges' canvases, so that selecting among 15,000 nodes redraws a frame without
// processing them all again.
//
// Nodes are drawn as points (gl.POINTS) and edges as lines (gl.LINES), not with sigma's default
// instanced circle and rectangle programs: the same discs and 1 px lines, but without a graphics card
// (Chromium's software WebGL, SwiftShader) a frame of 15,000 nodes and 35,000 edges is drawn about
// four times faster.
(function () {
  "use strict";
  window.dgRenderer = function (container, data) {
    var settings = data.sigma || {};
    var graph = new graphology.MultiGraph({ allowSelfLoops: true });
    // a node's size (its radius in pixels at the opening zoom) grows with the logarithm of its links
    // (data.nodes[].value); small views get bigger discs, as they have room
    var grow = Math.min(2.5, Math.max(1, Math.sqrt(5000 / Math.max(data.nodes.length, 1))));
    data.nodes.forEach(function (n) {
      // the layout's y grows downwards (as on a screen), sigma's upwards
      graph.addNode(n.id, { x: n.x || 0, y: -(n.y || 0), size: (1 + n.value / 12) * grow, color: n.color,
                            label: n.label, kind: n.kind });
    });
    data.edges.forEach(function (e) {
      graph.addEdgeWithKey(e.id, e.from, e.to, { relation: e.relation, source: e.from, target: e.to, tip: e.tip });
    });

    // what the reducers draw: show(id) is the filters' answer; near is null or the selection and its neighbours
    var show = function () { return true; }, near = null, selected = null, hovered = null;
    var EDGE = "#cccccc", EDGE_NEAR = "#333333", FADED = { nodes: "0.2", edges: "0.45" };
    function nodeReducer(node, attrs) {
      var out = { x: attrs.x, y: attrs.y, size: attrs.size, color: attrs.color, label: attrs.label };
      if (!show(node)) out.hidden = true;
      else if (near !== null && near.has(node)) out.highlighted = true;  // drawn again on top, unfaded
      return out;
    }
    var pathEdges = null, pathTouched = new Set();  // the edges of a path shown, drawn dark over the faded rest
    function edgeReducer(edge, attrs) {
      if (!show(attrs.source) || !show(attrs.target)) return { hidden: true };
      var dark = (selected !== null && (attrs.source === selected || attrs.target === selected)) ||
                 (pathEdges !== null && pathEdges.has(edge));
      return { color: dark ? EDGE_NEAR : EDGE };
    }

    // sigma's label grid does not keep labels of neighbouring cells apart: a label that would cover one
    // already drawn in this frame is left out (the cells' largest nodes come first)
    var drawnLabels = [];
    function drawLabel(context, d, options) {
      if (!d.label || (near !== null && !near.has(d.key))) return;  // a faded node is not named
      var px = options.labelSize;
      context.font = options.labelWeight + " " + px + "px " + options.labelFont;
      var x = d.x + d.size + 3, box = [x, d.y - px * 2 / 3 - 1, x + context.measureText(d.label).width, d.y + px / 3 + 1];
      for (var i = 0; i < drawnLabels.length; i++) {
        var b = drawnLabels[i].box;
        if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) return;
      }
      drawnLabels.push({ id: d.key, label: d.label, px: px, box: box });
      context.fillStyle = "rgba(255, 255, 255, 0.8)";  // a light ground: names stay readable over the nodes
      context.fillRect(box[0] - 1, box[1], box[2] - box[0] + 2, box[3] - box[1]);
      Sigma.rendering.drawDiscNodeLabel(context, d, options);
    }
    // the hover layer: first the selection's links (over the faded canvases, under every name), then the
    // selected or hovered node in sigma's white box, its neighbours named as above
    var linksDrawn = false;
    function drawLinks(context) {
      linksDrawn = true;
      context.strokeStyle = EDGE_NEAR; context.lineWidth = 1.5; context.beginPath();
      if (pathEdges !== null) pathEdges.forEach(function (e) {
        var a = sigma.getNodeDisplayData(graph.source(e)), b = sigma.getNodeDisplayData(graph.target(e));
        if (!a || !b || a.hidden || b.hidden) return;
        var p = sigma.framedGraphToViewport(a), q = sigma.framedGraphToViewport(b);
        context.moveTo(p.x, p.y); context.lineTo(q.x, q.y);
      });
      if (selected !== null && graph.hasNode(selected)) {
        var from = sigma.framedGraphToViewport(sigma.getNodeDisplayData(selected));
        graph.forEachNeighbor(selected, function (m) {
          var d = sigma.getNodeDisplayData(m);
          if (!d || d.hidden) return;
          var to = sigma.framedGraphToViewport(d);
          context.moveTo(from.x, from.y); context.lineTo(to.x, to.y);
        });
      }
      context.stroke();
    }
    function drawHover(context, d, options) {
      if (!linksDrawn) drawLinks(context);
      if (d.key !== selected && d.key !== hovered) { drawLabel(context, d, options); return; }
      Sigma.rendering.drawDiscNodeHover(context, d, options);
      var px = options.labelSize, x = d.x + d.size + 3;
      context.font = options.labelWeight + " " + px + "px " + options.labelFont;
      drawnLabels.push({ id: d.key, label: d.label, px: px,
                         box: [x, d.y - px * 2 / 3 - 1, x + context.measureText(d.label || "").width, d.y + px / 3 + 1] });
    }

    var probe = document.createElement("canvas");
    if (!(probe.getContext("webgl2") || probe.getContext("webgl"))) {  // say so rather than draw nothing
      var say = document.createElement("p");
      say.id = "dg-no-webgl";
      say.textContent = "This page is drawn with WebGL, which this browser does not offer here. Write it again " +
        "with `dramagraph viz --renderer vis` (vis-network draws on a plain canvas), or open it in a browser with WebGL.";
      container.appendChild(say);
      throw new Error("dramagraph: no WebGL: write the page with --renderer vis");
    }
    var sigma = new Sigma(graph, container, {
      nodeReducer: nodeReducer, edgeReducer: edgeReducer, defaultDrawNodeLabel: drawLabel, defaultDrawNodeHover: drawHover,
      defaultNodeType: "point", nodeProgramClasses: { point: Sigma.rendering.NodePointProgram },
      defaultEdgeType: "line", edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
      labelSize: settings.labelSize || 12, labelFont: "system-ui, sans-serif", labelColor: { color: "#1f1f1f" },
      labelDensity: settings.labelDensity || 1, labelGridCellSize: settings.labelGridCellSize || 120,
      labelRenderedSizeThreshold: settings.labelRenderedSizeThreshold || 4,
      defaultEdgeColor: EDGE, minEdgeThickness: 1, stagePadding: 30, enableCameraRotation: false,
      hideEdgesOnMove: data.edges.length > 10000, minCameraRatio: 0.01, maxCameraRatio: 4
    });
    sigma.on("beforeRender", function () { drawnLabels = []; linksDrawn = false; });
    sigma.on("enterNode", function (event) { hovered = event.node; });
    sigma.on("leaveNode", function () { hovered = null; });
    var canvases = sigma.getCanvases(), hiddenNow = new Uint8Array(data.nodes.length), ids = graph.nodes();

    // show(id): the filters' answer; around: null or the selection and its neighbours. A change of the
    // filters processes the whole graph again; a change of selection only the nodes and edges it touches.
    function apply(visible, around, chosen) {
      var filtersChanged = false;
      for (var i = 0; i < ids.length; i++) {
        var h = visible(ids[i]) ? 0 : 1;
        if (h !== hiddenNow[i]) { hiddenNow[i] = h; filtersChanged = true; }
      }
      var touched = { nodes: new Set(), edges: new Set() };
      [near, around].forEach(function (set) { if (set) set.forEach(function (n) { touched.nodes.add(n); }); });
      [selected, chosen].forEach(function (n) { if (n !== null) graph.forEachEdge(n, function (e) { touched.edges.add(e); }); });
      pathTouched.forEach(function (e) { touched.edges.add(e); });  // a path shown or cleared since
      pathTouched = new Set();
      show = visible; near = around; selected = chosen;
      canvases.nodes.style.opacity = near === null ? "" : FADED.nodes;
      canvases.edges.style.opacity = near === null ? "" : FADED.edges;
      if (filtersChanged) sigma.refresh();
      else sigma.refresh({ partialGraph: { nodes: Array.from(touched.nodes), edges: Array.from(touched.edges) }, skipIndexation: true });
    }
    var camera = sigma.getCamera(), pending = null;  // pending: the selection the next apply draws

    // the ratio that shows a node with most of its neighbours around it (at most the whole drawing)
    function focusRatio(id) {
      var at = sigma.getNodeDisplayData(id), far = [];
      graph.neighbors(id).forEach(function (m) {
        var d = sigma.getNodeDisplayData(m);
        if (d && !d.hidden) far.push(Math.max(Math.abs(d.x - at.x), Math.abs(d.y - at.y)));
      });
      far.sort(function (a, b) { return a - b; });
      var reach = far.length ? far[Math.ceil(0.8 * (far.length - 1))] : 0.08;  // most of them, not a far outlier
      return Math.min(1, Math.max(0.04, 3.2 * reach));
    }
    // the camera that shows framed-graph point `p` at viewport point `at` at `ratio`: centred on p, then
    // moved by the centre's mirror image of `at` (no rotation here)
    function cameraFor(p, at, ratio) {
      var centred = { x: p.x, y: p.y, ratio: ratio, angle: 0 }, dims = sigma.getDimensions();
      var c = sigma.viewportToFramedGraph({ x: dims.width - at.x, y: dims.height - at.y }, { cameraState: centred });
      return { x: c.x, y: c.y, ratio: ratio, angle: 0 };
    }
    function pxRadius(id, ratio) {  // a node's disc radius on screen (sigma scales sizes by the zoom's square root)
      var d = sigma.getNodeDisplayData(id);
      return d ? d.size / Math.sqrt(ratio === undefined ? camera.getState().ratio : ratio) : 0;
    }
    // a click (or tap) on a node chooses it, on the background clears the choice. Sigma takes a second
    // click within its doubleClickTimeout (300 ms) for a double click: no "click" event then, and its
    // default zooms the camera in at the pointer. So a quick second click chose nothing (or kept the
    // node before) and moved the view under the pointer: a double click here is a click, and the zoom is
    // prevented.
    function clicked(handler, node) { return function (event) { if (event.preventSigmaDefault) event.preventSigmaDefault(); handler(node ? event.node : null); }; }

    return {
      name: "sigma",
      shapes: false,  // sigma's WebGL programs draw every node as a disc: the kind is the colour
      legendNote: "Colour: the kind of node (this page is drawn with WebGL, which draws every node as a disc; " +
                  "pages drawn with vis-network show each kind's shape too). Size: how many links it has.",
      neighbours: function (id) { return graph.neighbors(id); },
      links: function (id) {
        return graph.edges(id).map(function (e) { var a = graph.getEdgeAttributes(e); return { id: e, relation: a.relation, from: a.source, to: a.target, tip: a.tip }; });
      },
      apply: function (visible, around) { apply(visible, around, around === null ? null : pending); },
      select: function (id) { pending = id; },
      path: function (nodeIds, edgeIds) {
        (pathEdges || []).forEach(function (e) { pathTouched.add(e); });
        pathEdges = nodeIds ? new Set(edgeIds) : null;
        (pathEdges || []).forEach(function (e) { pathTouched.add(e); });
      },
      place: function (id, at, zoom) {
        var ratio = zoom === "focus" ? focusRatio(id) : camera.getState().ratio;
        camera.setState(cameraFor(sigma.getNodeDisplayData(id), at, ratio));
      },
      fitInto: function (ids, rect) {
        if (!ids.length) return;
        var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, r = 0;
        ids.forEach(function (id) {
          var d = sigma.getNodeDisplayData(id); if (!d) return;
          x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
          r = Math.max(r, d.size);
        });
        // the box's size on screen at ratio 1, then the ratio that fits it (sizes on screen grow as 1/ratio)
        var mid = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, one = { x: mid.x, y: mid.y, ratio: 1, angle: 0 };
        var a = sigma.framedGraphToViewport({ x: x0, y: y0 }, { cameraState: one });
        var b = sigma.framedGraphToViewport({ x: x1, y: y1 }, { cameraState: one });
        // room around for the discs and their names (drawn to their right)
        var w = Math.max(rect.width - 2 * (48 + 2 * r), 1), h = Math.max(rect.height - 2 * (24 + 2 * r), 1);
        var ratio = Math.min(4, Math.max(0.01, Math.abs(b.x - a.x) / w, Math.abs(b.y - a.y) / h));
        camera.setState(cameraFor(mid, { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }, ratio));
      },
      fit: function () { camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); },
      scale: function () { return 1 / camera.getState().ratio; },
      screenPosition: function (id) { var a = graph.getNodeAttributes(id); return sigma.graphToViewport({ x: a.x, y: a.y }); },
      box: function (id) {
        var a = graph.getNodeAttributes(id), p = sigma.graphToViewport({ x: a.x, y: a.y }), r = pxRadius(id);
        return { left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r };
      },
      onClick: function (handler) {
        sigma.on("clickNode", clicked(handler, true));
        sigma.on("doubleClickNode", clicked(handler, true));
        sigma.on("clickStage", clicked(handler, false));
        sigma.on("doubleClickStage", clicked(handler, false));
      },
      onHover: function (handler) {
        sigma.on("enterNode", function (event) {
          var p = sigma.graphToViewport(graph.getNodeAttributes(event.node));
          handler("node", event.node, p);
        });
        sigma.on("leaveNode", function () { handler(null); });
        camera.on("updated", function () { handler(null); });
      },
      edgeTip: function (id) { return graph.hasEdge(id) ? graph.getEdgeAttribute(id, "tip") : ""; },
      onReady: function (handler) {  // sigma has drawn once when it is built; ready at the next frame
        requestAnimationFrame(function () { requestAnimationFrame(handler); });
      },
      // labels: the labels drawn in the last frame, [{id, label, px, box: [left, top, right, bottom]}]
      expose: { sigma: sigma, graph: graph, labels: function () { return drawnLabels.slice(); } }
    };
  };
})();
