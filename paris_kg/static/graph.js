/* The interactive actor–proposal graph (templates/graph.html).
   Positions come from Python (paris_kg.views.network.lay_out): time runs left to right, one band
   per side; physics is off. This script draws the year ticks, the band titles and the labels
   (a greedy layer: a label that would overlap one already drawn is left out until you zoom in),
   the edges of a large graph (over 800 nodes: vis-network then holds the nodes only, which
   halves the time to the first frame), and handles the ego view, the detail panel, filters, the
   date sliders and the search. Data arrives as JSON in #pk-graph-data (two compact tables);
   every label reaches the DOM through textContent. */
(function () {
  "use strict";
  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("pk-graph-data").textContent);
  var options = DATA.options, CONF = DATA.conf, LARGE = !!CONF.large;
  var ID_BASE = "https://w3id.org/paris-kg/id/";
  var FONT = "12px system-ui, sans-serif", FONT_PX = 12;
  var DIM_NODE = { background: "#ececec", border: "#dcdcdc" }, DIM_EDGE = "#eeeeee";
  // Only a Wikidata item page ever becomes a link; anything else stays text.
  var WIKIDATA_PAGE = /^https:\/\/www\.wikidata\.org\/wiki\/Q[1-9][0-9]*$/;
  function link(href, text, cls) {
    var a = document.createElement("a");
    a.className = cls;
    a.href = href;
    if (/^https?:/.test(href)) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    a.textContent = text;
    return a;
  }
  function wikidataLink(page) {
    if (!WIKIDATA_PAGE.test(String(page))) { return null; }
    return link(page, String(page).slice(String(page).lastIndexOf("/") + 1) + " on Wikidata", "pk-wikidata");
  }
  function entityLink(iri) {  // the entity page: /id/... when served, the IRI itself (https) otherwise
    iri = String(iri);
    if (iri.indexOf(ID_BASE) !== 0 || !/^[A-Za-z0-9._~\/%-]+$/.test(iri.slice(ID_BASE.length))) { return null; }
    var served = location.protocol === "http:" || location.protocol === "https:";
    return link(served ? "/id/" + iri.slice(ID_BASE.length) : iri, "entity page", "pk-entity");
  }

  function tip(title, rows) {
    // DOM nodes filled with textContent: labels can never inject markup.
    // A row [key, value, "link"] shows value as a Wikidata link when it is one; [key, element] as is.
    var box = document.createElement("div");
    box.className = "pk-tip";
    var head = document.createElement("div");
    head.className = "t";
    head.textContent = title;
    box.appendChild(head);
    rows.forEach(function (row) {
      if (!row[1]) { return; }
      var line = document.createElement("div");
      var key = document.createElement("span");
      key.className = "k";
      key.textContent = row[0] + ": ";
      line.appendChild(key);
      var value = row[1] instanceof Node ? row[1] : (row[2] === "link" ? wikidataLink(row[1]) : null);
      line.appendChild(value || document.createTextNode(String(row[1])));
      box.appendChild(line);
    });
    return box;
  }
  // A value with the sources of its own statement beside it (paris_kg.views.node_facts).
  function sourced(value, sources) {
    var span = document.createElement("span");
    span.appendChild(document.createTextNode(String(value)));
    if (sources) {
      var src = document.createElement("span");
      src.className = "pk-src";
      src.textContent = " — " + String(sources);
      span.appendChild(src);
    }
    return span;
  }
  // Each fact with its own sources; a node without facts (an actor) shows where it is cited.
  function factRows(p) {
    var facts = p.facts || [];
    if (!facts.length) { return [["date", p.date], ["withdrawal terms", p.terms], ["sources", p.citations]]; }
    return facts.map(function (f) { return [f[0], sourced(f[1], f[2])]; });
  }
  function nodeRows(p) {
    return [["kind", p.kind], ["side", p.side]].concat(factRows(p), [["IRI", p.iri], ["Wikidata", p.wikidata, "link"]]);
  }

  // The data arrive as two tables (graph_page._pack): a row per node or edge, repeated values
  // (styles, kinds, sources...) as an index into a list sent once. `meta` keeps what the page
  // needs (labels, dates, sources); vis-network gets only id, position and style.
  function unpack(table) {
    var fields = table.fields, codes = table.codes, out = new Array(table.rows.length);
    for (var i = 0; i < table.rows.length; i++) {
      var row = table.rows[i], o = {};
      for (var j = 0; j < fields.length; j++) { var c = codes[fields[j]]; o[fields[j]] = c ? c[row[j]] : row[j]; }
      out[i] = o;
    }
    return out;
  }
  // Tooltips are built when shown, not at load (20,000 nodes would mean 20,000 DOM trees):
  // every node and edge shares one element, filled on vis-network's "showPopup" event.
  var TIP = document.createElement("div"), byId = {}, edgeById = {};
  var meta = unpack(DATA.nodes), edgeMeta = unpack(DATA.edges);
  var rawNodes = meta.map(function (p) {
    var n = { id: p.id, x: p.x, y: p.y, title: TIP };
    for (var k in p.style) { n[k] = p.style[k]; }
    p.iri = p.iri || p.id;
    p.colour = p.style.color;
    p.size = p.style.size;
    byId[p.id] = p;
    return n;
  });
  edgeMeta.forEach(function (e, i) {
    e.id = "e" + i;
    e.from = meta[e.from].id;
    e.to = meta[e.to].id;
    e.colour = e.style.color;
    edgeById[e.id] = e;
  });
  function fillTip(id) {
    var p = byId[id], e = edgeById[id];
    TIP.textContent = "";
    if (p) { TIP.appendChild(tip(p.label, nodeRows(p))); }
    else if (e) { TIP.appendChild(tip(e.label, [["date", e.date], ["sources", e.citations]])); }
  }
  // The edges of each node, built on first use (a click, the panel).
  var incidence = null;
  function incident(id) {
    if (!incidence) {
      incidence = {};
      edgeMeta.forEach(function (e) {
        (incidence[e.from] = incidence[e.from] || []).push(e);
        if (e.to !== e.from) { (incidence[e.to] = incidence[e.to] || []).push(e); }
      });
    }
    return incidence[id] || [];
  }

  var nodes = new vis.DataSet(rawNodes);
  // Small graphs: vis-network draws the edges (curved, with hover tooltips). Large ones: the page
  // draws them (drawEdges) and vis-network's edge set only carries, hidden, the springs of a
  // force layout while it runs.
  var edges = new vis.DataSet(LARGE ? [] : edgeMeta.map(function (e) {
    var v = { id: e.id, from: e.from, to: e.to, title: TIP };
    for (var k in e.style) { v[k] = e.style[k]; }
    return v;
  }));
  var state = { sides: {}, kinds: {}, relations: {}, from: CONF.year_min, to: CONF.year_max, ego: null };
  document.querySelectorAll(".filter-side input").forEach(function (i) { state.sides[i.value] = true; });
  document.querySelectorAll(".filter-kind input").forEach(function (i) { state.kinds[i.value] = true; });
  document.querySelectorAll(".filter-relation input").forEach(function (i) { state.relations[i.value] = true; });

  function passes(p) {  // does the node pass the filters (sides, kinds, years)?
    if (!state.sides[p.side] || !state.kinds[p.kind]) { return false; }
    return !p.year || (p.year >= state.from && p.year <= state.to);
  }
  // A large graph loads in two steps. Its events (plain dots, most of its nodes) are drawn by
  // the page in the first frame, as vis-network draws a dot, and handed to vis-network just
  // after it (goLive): building vis-network's node objects is most of the load, and the first
  // frame does not need them. Any input first completes the hand-over, so clicks, filters and
  // the search always see every node; the page is "ready" once vis-network holds them all.
  var live = {}, pending = [];
  meta.forEach(function (p) {
    if (LARGE && p.group === "event" && p.style.shape === "dot") {
      p.at = { x: parseInt(p.x, 10), y: parseInt(p.y, 10) };  // vis-network keeps whole-number positions
      pending.push(p);
    } else {
      live[p.id] = true;
    }
  });
  function visible(n) { return live[n.id] === true && passes(byId[n.id]); }
  function goLive() {
    if (!pending.length) { return; }
    pending.forEach(function (p) { live[p.id] = true; });
    pending = [];
    // The picture stays the same, so vis-network takes the nodes without a redraw (a second full
    // frame for nothing), but measures them as a frame would (their boxes, for clicks and hover).
    network.body.emitter.emit("_blockRedraw");
    nodeView.refresh();
    network.body.emitter.emit("_allowRedraw");
    network.body.emitter.emit("_resizeNodes");
  }
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return state.relations[edgeById[e.id].relation] !== false; } });
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edgeView }, options);
  network.on("showPopup", fillTip);
  window.pkScriptStartMs = started;  // since navigation start; the bench adds pkFirstDrawMs to it
  window.pkPhysicsRuns = 0;          // counts physics runs (the laid-out view must never start one)
  network.on("startStabilizing", function () { window.pkPhysicsRuns += 1; });

  // --- label widths (measured once per node, when first needed, in screen pixels) ----------
  var widths = {}, measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;
  function labelWidth(id) {
    if (widths[id] === undefined) { widths[id] = measure.measureText(byId[id].short).width; }
    return widths[id];
  }
  // Bounds of a label's width without measuring it: no glyph is wider than MAX_GLYPH, and every
  // printable ASCII character is at least MIN_ASCII wide (less a fifth for kerning; other
  // characters, such as accents that combine, may add nothing).
  var MAX_GLYPH = 1.25 * FONT_PX, MIN_ASCII = Infinity, minWidths = {};
  for (var c = 32; c < 127; c++) { MIN_ASCII = Math.min(MIN_ASCII, measure.measureText(String.fromCharCode(c)).width); }
  function minWidth(id) {
    if (minWidths[id] === undefined) { minWidths[id] = 0.8 * MIN_ASCII * byId[id].short.replace(/[^\x20-\x7e]/g, "").length; }
    return minWidths[id];
  }

  // Where a node shown is drawn (canvas units): vis-network's node, or the page's for a node
  // not handed over yet; null for a node filtered out.
  function where(id) {
    var node = network.body.nodes[id], p = byId[id];
    if (node) { return node; }
    return p && !live[id] && passes(p) ? p.at : null;
  }
  function shownIds() { return pending.length ? meta.filter(function (p) { return where(p.id); }).map(function (p) { return p.id; }) : nodeView.getIds(); }

  // --- fitting the whole network, with room for the band titles and the year labels ---------
  var PAD = { left: 118, right: 24, top: 30, bottom: 16 };
  function fitAll() {
    var ids = shownIds();
    if (!ids.length) { return; }
    var pos = {}, x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {  // as getPositions gives them (rounded)
      var node = where(id), p = pos[id] = { x: Math.round(node.x), y: Math.round(node.y) };
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    });
    var box = document.getElementById("graph").getBoundingClientRect();
    var w = Math.max(box.width - PAD.left - PAD.right, 50), h = Math.max(box.height - PAD.top - PAD.bottom, 50);
    var scale = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 2);
    // a proposal's label is centred under it: leave room for the half label at the right edge
    // (measured only when even the widest label it could have would make the scale smaller)
    ids.forEach(function (id) {
      var p = pos[id], n = byId[id];
      if (n.group !== "proposal" || p.x <= x0) { return; }
      if (Math.max(w - (n.short.length * MAX_GLYPH + 4) / 2, 10) / (p.x - x0) >= scale) { return; }
      scale = Math.min(scale, Math.max(w - (labelWidth(id) + 4) / 2, 10) / (p.x - x0));
    });
    network.moveTo({ position: { x: x0 + (box.width / 2 - PAD.left) / scale,  // x0 lands by the band titles
                                 y: (y0 + y1) / 2 - (PAD.top - PAD.bottom) / 2 / scale },
                     scale: scale, animation: false });
  }

  // --- background: year ticks and band titles ------------------------------------------------
  var bandTop = Math.min.apply(null, CONF.bands.map(function (b) { return b.top; })) - 30;
  var bandBottom = Math.max.apply(null, CONF.bands.map(function (b) { return b.bottom; })) + 30;
  function screen(ctx) { var r = window.devicePixelRatio || 1; ctx.save(); ctx.setTransform(r, 0, 0, r, 0, 0); }
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    ctx.save();
    ctx.lineWidth = 1 / scale;
    if (CONF.has_early) {  // dates before 1968 are squeezed into the grey strip
      ctx.fillStyle = "#f3f3f3";
      ctx.fillRect(-260, bandTop, 260, bandBottom - bandTop);
    }
    CONF.year_ticks.forEach(function (t) {
      ctx.strokeStyle = "#d0d0d0";
      ctx.beginPath(); ctx.moveTo(t.x, bandTop); ctx.lineTo(t.x, bandBottom); ctx.stroke();
    });
    ctx.strokeStyle = "#e8e8e8";
    CONF.bands.slice(1).forEach(function (b) {
      ctx.beginPath(); ctx.moveTo(-1e5, b.top - 35); ctx.lineTo(1e5, b.top - 35); ctx.stroke();
    });
    ctx.restore();
    screen(ctx);
    ctx.font = "600 12px system-ui, sans-serif";
    ctx.fillStyle = "#555";
    ctx.textBaseline = "top";
    CONF.year_ticks.forEach(function (t) {
      var p = network.canvasToDOM({ x: t.x, y: 0 });
      ctx.fillText(String(t.year), p.x + 3, 8);
    });
    if (CONF.has_early) {
      var e = network.canvasToDOM({ x: -250, y: 0 });
      ctx.fillStyle = "#888"; ctx.font = "11px system-ui, sans-serif"; ctx.fillText("before 1968", e.x, 8);
    }
    ctx.textBaseline = "middle";
    CONF.bands.forEach(function (b) {
      var p = network.canvasToDOM({ x: 0, y: (b.top + b.bottom) / 2 });
      ctx.font = "600 12px system-ui, sans-serif";
      var w = ctx.measureText(b.title).width;
      ctx.fillStyle = "rgba(255,255,255,.85)"; ctx.fillRect(4, p.y - 9, w + 8, 18);
      ctx.fillStyle = "#444"; ctx.fillText(b.title, 8, p.y);
    });
    ctx.restore();
    if (LARGE) { drawEdges(ctx, scale); }
    if (pending.length) { drawPending(ctx, scale); }
  });

  // vis-network redraws when its nodes or edges change; the edges the page draws (and the label
  // layer) can change alone (a relation filter, an ego view): then a frame is asked for here.
  function requestDraw() { network.body.emitter.emit("_requestRedraw"); }

  // --- the edges of a large graph, drawn by the page --------------------------------------
  // As vis-network would draw them with these options (straight, width in canvas units but at
  // least 0.3 px, dashes, an arrow at the target's border, 1.5 wider when touching a selected
  // node, dimmed outside the ego view), but one canvas path per style instead of one per edge.
  // Edges of a hidden relation or to a hidden node are left out; off-screen ones are skipped.
  // Layers, bottom to top: dimmed edges, then by width (the light context under the thick
  // story: proposed, answered, counters), then the edges of the selected nodes.
  var ARROW = 15 * 0.5;  // vis-network: 15 * scaleFactor + 3 * width
  var edgeStyles = DATA.edges.codes.style, STYLE = DATA.edges.fields.indexOf("style");  // each distinct style once
  function drawEdges(ctx, scale) {
    var ego = state.ego, selected = {}, buckets = [], at = {};
    network.getSelectedNodes().forEach(function (id) { selected[id] = true; });
    var box = document.getElementById("graph").getBoundingClientRect();
    var lo = network.DOMtoCanvas({ x: 0, y: 0 }), hi = network.DOMtoCanvas({ x: box.width, y: box.height });
    var body = { get: function (id) { return at[id] === undefined ? (at[id] = where(id)) : at[id]; } };
    for (var i = 0; i < edgeMeta.length; i++) {
      var e = edgeMeta[i];
      if (state.relations[e.relation] === false) { continue; }
      var a = body.get(e.from), b = body.get(e.to);
      if (!a || !b) { continue; }
      if ((a.x < lo.x && b.x < lo.x) || (a.x > hi.x && b.x > hi.x) || (a.y < lo.y && b.y < lo.y) || (a.y > hi.y && b.y > hi.y)) { continue; }
      var dim = !!ego && e.from !== ego.centre && e.to !== ego.centre, chosen = !!(selected[e.from] || selected[e.to]);
      var slot = 4 * DATA.edges.rows[i][STYLE] + (dim ? 0 : 2) + (chosen ? 1 : 0);
      (buckets[slot] = buckets[slot] || []).push(e);
    }
    var slots = Object.keys(buckets).map(Number).sort(function (a, b) {
      var sa = edgeStyles[a >> 2], sb = edgeStyles[b >> 2];
      return ((a & 2) - (b & 2)) || ((a & 1) - (b & 1)) || (sa.width - sb.width) || (a - b);
    });
    ctx.save();
    slots.forEach(function (slot) {
      var list = buckets[slot], style = edgeStyles[slot >> 2], colour = slot & 2 ? style.color : DIM_EDGE;
      var width = style.width + (slot & 1 ? 1.5 : 0), j;
      ctx.strokeStyle = colour;
      ctx.lineWidth = Math.max(width, 0.3 / scale);
      ctx.setLineDash(style.dashes || []);
      ctx.beginPath();
      for (j = 0; j < list.length; j++) {
        var a = at[list[j].from], b = at[list[j].to];
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
      }
      ctx.stroke();
      var len = ARROW + 3 * width, small = len * scale < 6;
      if (len * scale < 1.5) { return; }  // smaller than a pixel and a half: not drawn
      // Filling thousands of arrowheads costs more than all the lines: while they are a few
      // pixels long they are drawn as two 1 px strokes (the same at that size), filled above.
      ctx.setLineDash([]);
      ctx.fillStyle = colour;
      ctx.lineWidth = 1 / scale;
      ctx.beginPath();
      for (j = 0; j < list.length; j++) {
        var from = at[list[j].from], to = at[list[j].to], dx = to.x - from.x, dy = to.y - from.y;
        var d = Math.sqrt(dx * dx + dy * dy), r = (byId[list[j].to].size || 8) + 1;
        if (d <= r + len) { continue; }
        var ux = dx / d, uy = dy / d, tx = to.x - ux * r, ty = to.y - uy * r;
        ctx.moveTo(tx - ux * len - uy * 0.3 * len, ty - uy * len + ux * 0.3 * len);
        ctx.lineTo(tx, ty);
        ctx.lineTo(tx - ux * len + uy * 0.3 * len, ty - uy * len - ux * 0.3 * len);
        if (!small) { ctx.lineTo(tx - ux * 0.9 * len, ty - uy * 0.9 * len); ctx.closePath(); }
      }
      if (small) { ctx.stroke(); } else { ctx.fill(); }
    });
    ctx.restore();
  }

  // --- the nodes not handed to vis-network yet, drawn as it draws a dot ------------------------
  // (vis-network: circle of the node's size, filled; border of borderWidth screen pixels, at
  // most the node's width, in the darker shade it derives from the colour, dashed if asked)
  var borderColours = {};
  function borderOf(colour) {  // vis-network's own shade when its build exports it (pyvis's does)
    return vis.util && vis.util.parseColor ? vis.util.parseColor(colour).border : colour;
  }
  function drawPending(ctx, scale) {
    var box = document.getElementById("graph").getBoundingClientRect();
    var lo = network.DOMtoCanvas({ x: -20, y: -20 }), hi = network.DOMtoCanvas({ x: box.width + 20, y: box.height + 20 });
    ctx.save();
    for (var i = 0; i < pending.length; i++) {
      var p = pending[i], style = p.style, size = style.size, x = p.at.x, y = p.at.y;
      if (x + size < lo.x || x - size > hi.x || y + size < lo.y || y - size > hi.y || !passes(p)) { continue; }
      var width = (style.borderWidth === undefined ? 1 : style.borderWidth) / scale;
      var dashes = style.shapeProperties && style.shapeProperties.borderDashes;
      ctx.beginPath();
      ctx.arc(x, y, size, 0, 2 * Math.PI, false);
      ctx.closePath();
      ctx.fillStyle = style.color;
      ctx.fill();
      if (width > 0) {
        ctx.lineWidth = Math.min(2 * size, width);
        ctx.strokeStyle = borderColours[style.color] = borderColours[style.color] || borderOf(style.color);
        ctx.setLineDash(dashes || []);
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  // --- the label layer ---------------------------------------------------------------------
  var RANK = { proposal: 0, actor: 1, event: 2 };
  // label order: proposals, actors, events; by date, then id. Sorted as one string per node
  // ("\0" sorts before any character of a date), which is several times faster than a comparator.
  var order = meta.map(function (p) { return RANK[p.group] + p.date + "\u0000" + p.id; }).sort()
    .map(function (key) { return key.slice(key.indexOf("\u0000") + 1); });
  window.pkLabelBoxes = [];
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), box = document.getElementById("graph").getBoundingClientRect();
    // screen position of a node shown, as getPositions and canvasToDOM would give it, without
    // their objects for every node on every frame
    var view = network.body.view, tx = view.translation.x, ty = view.translation.y;
    var shownIds = {}, ego = state.ego, list = order;
    if (ego) { list = order.filter(function (id) { return ego.ids[id]; }).concat(order.filter(function (id) { return !ego.ids[id]; })); }
    screen(ctx);
    ctx.font = FONT;
    ctx.textBaseline = "middle";
    var CELL = 80, grid = {}, placed = [];
    function collides(b) {
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) {
          var cell = grid[gx + ":" + gy] || [];
          for (var i = 0; i < cell.length; i++) {
            var o = cell[i];
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) { return true; }
          }
        }
      }
      return false;
    }
    function spot(p, r, w, h) {  // the first of the four places around p where a w×h label fits
      var tries = [[p.x - w / 2, p.y + r + 1], [p.x - w / 2, p.y - r - 1 - h], [p.x + r + 3, p.y - h / 2], [p.x - r - 3 - w, p.y - h / 2]];
      for (var t = 0; t < tries.length; t++) {
        var b = { x: tries[t][0], y: tries[t][1], w: w, h: h };
        if (b.x < 0 || b.y < 26 || b.x + b.w > box.width || b.y + b.h > box.height || collides(b)) { continue; }
        return b;
      }
      return null;
    }
    function add(b) {
      placed.push(b);
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) {
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
        }
      }
    }
    var budget = 2500;  // at most this many labels are tried per frame (huge graphs, zoomed out)
    for (var k = 0; k < list.length && budget > 0; k++) {
      var id = list[k], node = where(id);
      if (!node) { continue; }
      var n = byId[id], p = { x: Math.round(node.x) * scale + tx, y: Math.round(node.y) * scale + ty };
      if (p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height) { continue; }
      budget -= 1;
      var text = n.short, h = 15, r = (n.size || 8) * scale;
      // Each place of a narrower label lies inside the same place of a wider one: if no place
      // is free even for the narrowest width the label can have, it is left out unmeasured.
      if (!spot(p, r, minWidth(id) + 4, h)) { continue; }
      var b = spot(p, r, labelWidth(id) + 4, h);
      if (!b) { continue; }
      b.id = id; b.text = text;
      add(b); shownIds[id] = true;
      var dim = ego && !ego.ids[id];
      ctx.fillStyle = "rgba(255,255,255,.8)";
      ctx.fillRect(b.x, b.y + 1, b.w, b.h - 2);
      ctx.fillStyle = dim ? "#b8b8b8" : (ego && ego.centre === id ? "#000" : "#222");
      ctx.fillText(text, b.x + 2, b.y + h / 2);
    }
    ctx.restore();
    window.pkLabelBoxes = placed.map(function (b) { return { id: b.id, x: b.x, y: b.y, w: b.w, h: b.h, text: b.text }; });
    if (!window.pkSettled) {
      window.pkFirstDrawMs = performance.now() - started;
      window.pkSettled = true;  // positions are final from the first frame (no physics)
      setTimeout(function () {  // ready: every node in vis-network, the next input is handled at once
        if (!window.pkHoldHandover) { goLive(); }  // (tests set pkHoldHandover to look at the first step)
        window.pkInteractiveMs = performance.now() - started;
        window.pkReady = true;
      }, 0);
    }
  });

  // --- ego view and the detail panel --------------------------------------------------------
  function related(id) {  // {edge, other node, outgoing} for every edge of id
    return incident(id).map(function (e) { return { edge: e, other: e.from === id ? e.to : e.from, outgoing: e.from === id }; });
  }
  function describe(id) {
    var p = byId[id], rows = [["kind", p.kind], ["side", p.side]].concat(factRows(p));
    var answers = [], links = [];
    related(id).forEach(function (r) {
      var other = byId[r.other], e = r.edge, who = other ? other.label : r.other;
      if (e.relation === "answered") {
        answers.push(r.outgoing ? "to " + who + ": " + e.detail + (e.date ? " (" + e.date + ")" : "")
                                : who + ": " + e.detail + (e.date ? " (" + e.date + ")" : ""));
      } else if (e.relation === "counters" || e.relation === "revises" || e.relation === "clarifies") {
        links.push((r.outgoing ? e.label + " " : e.label.replace(/s$/, "ed") + " by ") + who);
      }  // who proposed or presented a proposal is among its facts, with the sources
    });
    rows.push(["answers", answers.join("; ")], ["links", links.join("; ")],
              ["Wikidata", p.wikidata, "link"], ["page", entityLink(p.iri)]);
    return tip(p.label, rows);
  }
  function showDetails(id) {
    var box = document.getElementById("details");
    var n = id === undefined || id === null ? null : byId[id];
    box.textContent = "";
    if (!n) { box.textContent = "Click a node to see its details here."; return; }
    box.appendChild(describe(id));
  }
  function neighbours(id) {  // as vis-network's getConnectedNodes: by edges shown, to nodes shown
    var shown = network.body.nodes;
    return incident(id).filter(function (e) { return state.relations[e.relation] !== false && shown[e.from] && shown[e.to]; })
      .map(function (e) { return e.from === id ? e.to : e.from; });
  }
  function setEgo(id) {
    var ids = {};
    if (id !== null && id !== undefined) {
      ids[id] = true;
      neighbours(id).forEach(function (m) { ids[m] = true; });
      state.ego = { centre: id, ids: ids };
    } else {
      state.ego = null;
    }
    // one batched update each for nodes and edges, with only the items whose colour changes
    // (the first click dims everything; moving from one ego view to the next touches only the two)
    // (a large graph's edges are drawn by drawEdges, which reads the ego view itself)
    var ego = state.ego, nodeChanges = [], edgeChanges = [];
    meta.forEach(function (p) {
      var dim = !!ego && !ego.ids[p.id];
      if (dim !== !!p.dim) { p.dim = dim; nodeChanges.push({ id: p.id, color: dim ? DIM_NODE : p.colour }); }
    });
    if (!LARGE) {
      edgeMeta.forEach(function (e) {
        var dim = !!ego && e.from !== ego.centre && e.to !== ego.centre;
        if (dim !== !!e.dim) { e.dim = dim; edgeChanges.push({ id: e.id, color: dim ? DIM_EDGE : e.colour }); }
      });
    }
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    if (!nodeChanges.length) { requestDraw(); }
    window.pkEgo = ego ? Object.keys(ego.ids).sort() : [];
  }
  // --- optional force layout for a small ego view ------------------------------------------
  // Every node has physics off (options); for the ego view only, its nodes get physics on (the
  // centre stays fixed), vis-network runs a short simulation, and physics is switched off again
  // when it settles or after FORCE_MS. Unticking, another click or "reset" puts them back.
  // In a large graph vis-network has no edges of its own: the ego view's edges are lent to it,
  // hidden (drawEdges draws them), as the springs of the simulation, and taken back after.
  var FORCE_MS = 2500, FORCE_LIMIT = CONF.force_limit, force = { on: false, ids: [], timer: null };
  var forceBox = document.getElementById("ego-force"), forceStatus = document.getElementById("force-status");
  window.pkForce = { running: false, runs: 0, ids: [] };
  function stopForce(fit) {
    if (!window.pkForce.running) { return; }
    clearTimeout(force.timer);
    network.setOptions({ physics: { enabled: false } });
    nodes.update(force.ids.map(function (id) { return { id: id, physics: false, fixed: false }; }));
    if (LARGE) { edges.clear(); }
    window.pkForce.running = false;
    if (fit) { network.fit({ nodes: force.ids, animation: false }); }
  }
  function restoreForce() {
    stopForce(false);
    force.ids.forEach(function (id) { network.moveNode(id, byId[id].x, byId[id].y); });  // the laid-out place
    force.ids = [];
    window.pkForce.ids = [];
  }
  function runForce() {
    var hadMoved = force.ids.length > 0;
    restoreForce();
    forceStatus.textContent = "";
    if (!force.on || !state.ego) { if (hadMoved) { fitAll(); } return; }
    var shown = {};
    nodeView.getIds().forEach(function (id) { shown[id] = true; });
    var ids = Object.keys(state.ego.ids).filter(function (id) { return shown[id]; }).sort();
    if (ids.length > FORCE_LIMIT) {
      forceStatus.textContent = "Too many neighbours for the force layout (" + ids.length + " > " + FORCE_LIMIT + ").";
      return;
    }
    force.ids = ids;
    window.pkForce.ids = ids.slice();
    nodes.update(ids.map(function (id) { return { id: id, physics: true, fixed: id === state.ego.centre }; }));
    if (LARGE) {
      var springs = {};
      ids.forEach(function (id) { incident(id).forEach(function (e) { springs[e.id] = { id: e.id, from: e.from, to: e.to, hidden: true }; }); });
      edges.add(Object.keys(springs).sort().map(function (k) { return springs[k]; }));
    }
    window.pkForce.running = true;
    window.pkForce.runs += 1;
    var run = window.pkForce.runs;
    network.once("stabilized", function () { if (run === window.pkForce.runs) { stopForce(true); } });
    force.timer = setTimeout(function () { stopForce(true); }, FORCE_MS);
    network.setOptions({ physics: { enabled: true, solver: "forceAtlas2Based", stabilization: { enabled: false },
                                    forceAtlas2Based: { gravitationalConstant: -80, springLength: 120, avoidOverlap: 0.5 },
                                    minVelocity: 2, maxVelocity: 60, timestep: 0.5 } });
    forceStatus.textContent = "Force layout on " + ids.length + " nodes.";
  }
  forceBox.checked = false;
  forceBox.addEventListener("change", function () { goLive(); force.on = forceBox.checked; runForce(); });

  function select(id) { goLive(); setEgo(id); showDetails(id); runForce(); }
  network.on("click", function (e) {
    if (pending.length) {  // a click on a node not handed over yet: the topmost one under it
      var hit = null, c = e.pointer.canvas;
      pending.forEach(function (p) {
        if (passes(p) && Math.abs(c.x - p.at.x) <= p.style.size && Math.abs(c.y - p.at.y) <= p.style.size) { hit = p.id; }
      });
      goLive();
      if (hit !== null && !e.nodes.length) { network.selectNodes([hit]); select(hit); return; }
    }
    if (e.nodes.length) { select(e.nodes[0]); } else if (!e.edges.length) { select(null); }
  });

  // --- filters, sliders, search, reset ------------------------------------------------------
  function count() {
    var shown = nodeView.length + pending.filter(passes).length;
    document.getElementById("visible-count").textContent = shown + " of " + nodes.length + " nodes shown";
  }
  function refresh() { goLive(); nodeView.refresh(); edgeView.refresh(); count(); requestDraw(); }
  function wire(selector, bag) {
    document.querySelectorAll(selector + " input").forEach(function (i) {
      i.addEventListener("change", function () { bag[i.value] = i.checked; refresh(); });
    });
  }
  wire(".filter-side", state.sides);
  wire(".filter-kind", state.kinds);
  wire(".filter-relation", state.relations);
  var fromInput = document.getElementById("year-from"), toInput = document.getElementById("year-to");
  function years(e, quiet) {  // quiet (at load): refilter only if the sliders differ from the state
    var a = parseInt(fromInput.value, 10), b = parseInt(toInput.value, 10);
    if (a > b) { if (e && e.target === fromInput) { toInput.value = String(a); b = a; } else { fromInput.value = String(b); a = b; } }
    var changed = a !== state.from || b !== state.to;
    state.from = a; state.to = b;
    document.getElementById("year-range").textContent = a === b ? String(a) : a + "–" + b;
    if (changed || !quiet) { refresh(); } else { count(); }
  }
  fromInput.addEventListener("input", years);
  toInput.addEventListener("input", years);

  function fold(text) {  // case- and diacritic-insensitive matching (Lê Đức Thọ ~ le duc tho)
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function search(text) {
    goLive();
    var needle = fold(text.trim());
    var status = document.getElementById("search-status");
    if (!needle) { network.unselectAll(); status.textContent = ""; return; }
    var hits = nodeView.get({ filter: function (n) {
      var p = byId[n.id];
      if (p.folded === undefined) { p.folded = fold(p.label + " " + p.date); }  // folded once, on first search
      return p.folded.indexOf(needle) >= 0;
    } });
    if (!hits.length) { network.unselectAll(); status.textContent = "No visible node matches."; return; }
    network.selectNodes(hits.map(function (n) { return n.id; }));
    network.focus(hits[0].id, { scale: Math.max(network.getScale(), 1), animation: false });
    status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es") + "; first: " + byId[hits[0].id].label;
    showDetails(hits[0].id);
  }
  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });

  function reset() {
    document.getElementById("search").value = "";
    document.getElementById("search-status").textContent = "";
    document.querySelectorAll("#panel label[class^=filter-] input").forEach(function (i) { i.checked = true; });
    forceBox.checked = false;
    force.on = false;
    [state.sides, state.kinds, state.relations].forEach(function (bag) { Object.keys(bag).forEach(function (k) { bag[k] = true; }); });
    fromInput.value = String(CONF.year_min); toInput.value = String(CONF.year_max);
    years();
    network.unselectAll();
    select(null);
    fitAll();
  }
  document.getElementById("reset").addEventListener("click", reset);
  window.addEventListener("resize", function () { setTimeout(fitAll, 0); });

  window.pkNetwork = network;
  window.pkNodes = nodes;
  window.pkEdges = edges;
  window.pkView = nodeView;
  window.pkSearch = search;
  window.pkShowDetails = showDetails;
  window.pkSelect = select;
  window.pkFit = fitAll;
  window.pkPending = function () { return pending.length; };  // nodes vis-network does not hold yet
  window.pkEgo = [];
  years(null, true);
  fitAll();
})();
