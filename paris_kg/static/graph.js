/* The interactive actor–proposal graph (templates/graph.html).
   Positions come from Python (paris_kg.views.network.lay_out): time runs left to right, one band
   per side; physics is off. This script draws the year ticks, the band titles and the labels
   (a greedy layer: a label that would overlap one already drawn is left out until you zoom in),
   and handles the ego view, the detail panel, filters, the date sliders and the search.
   Data arrives as JSON in #pk-graph-data; every label reaches the DOM through textContent. */
(function () {
  "use strict";
  var started = performance.now();
  var DATA = JSON.parse(document.getElementById("pk-graph-data").textContent);
  var rawNodes = DATA.nodes, rawEdges = DATA.edges, options = DATA.options, CONF = DATA.conf;
  var ID_BASE = "https://w3id.org/paris-kg/id/";
  var FONT = "12px system-ui, sans-serif";
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

  // Tooltips are built when shown, not at load (20,000 nodes would mean 20,000 DOM trees):
  // every node and edge shares one element, filled on vis-network's "showPopup" event.
  var TIP = document.createElement("div"), byId = {}, edgeById = {};
  rawNodes.forEach(function (n) {
    n.pk.label = n.label;          // full label: tooltip, panel, search
    delete n.label;                // the page draws the short labels itself
    n.pk.colour = n.color;
    n.title = TIP;
    byId[n.id] = n;
  });
  rawEdges.forEach(function (e, i) {
    e.id = "e" + i;
    e.pk.colour = e.color;
    e.title = TIP;
    edgeById[e.id] = e;
  });
  function fillTip(id) {
    var n = byId[id], e = edgeById[id];
    TIP.textContent = "";
    if (n) { TIP.appendChild(tip(n.pk.label, nodeRows(n.pk))); }
    else if (e) { TIP.appendChild(tip(e.pk.label, [["date", e.pk.date], ["sources", e.pk.citations]])); }
  }

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var state = { sides: {}, kinds: {}, relations: {}, from: CONF.year_min, to: CONF.year_max, ego: null };
  document.querySelectorAll(".filter-side input").forEach(function (i) { state.sides[i.value] = true; });
  document.querySelectorAll(".filter-kind input").forEach(function (i) { state.kinds[i.value] = true; });
  document.querySelectorAll(".filter-relation input").forEach(function (i) { state.relations[i.value] = true; });

  function visible(n) {
    var p = n.pk;
    if (!state.sides[p.side] || !state.kinds[p.kind]) { return false; }
    return !p.year || (p.year >= state.from && p.year <= state.to);
  }
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return state.relations[e.pk.relation] !== false; } });
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edgeView }, options);
  network.on("showPopup", fillTip);
  window.pkScriptStartMs = started;  // since navigation start; the bench adds pkFirstDrawMs to it
  window.pkPhysicsRuns = 0;          // counts physics runs (the laid-out view must never start one)
  network.on("startStabilizing", function () { window.pkPhysicsRuns += 1; });

  // --- label widths (measured once per node, in screen pixels) ------------------------------
  var widths = {}, measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT;
  function labelWidth(id) {
    if (widths[id] === undefined) { widths[id] = measure.measureText(byId[id].pk.short).width; }
    return widths[id];
  }

  // --- fitting the whole network, with room for the band titles and the year labels ---------
  var PAD = { left: 118, right: 24, top: 30, bottom: 16 };
  function fitAll() {
    var ids = nodeView.getIds();
    if (!ids.length) { return; }
    var pos = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) { var p = pos[id]; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
    var box = document.getElementById("graph").getBoundingClientRect();
    var w = Math.max(box.width - PAD.left - PAD.right, 50), h = Math.max(box.height - PAD.top - PAD.bottom, 50);
    var scale = Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1), 2);
    // a proposal's label is centred under it: leave room for the half label at the right edge
    ids.forEach(function (id) {
      var p = pos[id], n = byId[id];
      if (n.pk.group !== "proposal" || p.x <= x0) { return; }
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
  });

  // --- the label layer ---------------------------------------------------------------------
  var RANK = { proposal: 0, actor: 1, event: 2 };
  var order = rawNodes.map(function (n) { return n.id; }).sort(function (a, b) {
    var p = byId[a].pk, q = byId[b].pk;
    return (RANK[p.group] - RANK[q.group]) || (p.date < q.date ? -1 : p.date > q.date ? 1 : (a < b ? -1 : 1));
  });
  window.pkLabelBoxes = [];
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), box = document.getElementById("graph").getBoundingClientRect();
    var shownIds = {}, pos = network.getPositions(nodeView.getIds());
    var ego = state.ego, list = order.filter(function (id) { return pos[id] !== undefined; });
    if (ego) { list = list.filter(function (id) { return ego.ids[id]; }).concat(list.filter(function (id) { return !ego.ids[id]; })); }
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
      var id = list[k], n = byId[id], p = network.canvasToDOM(pos[id]);
      if (p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height) { continue; }
      budget -= 1;
      var text = n.pk.short;
      var w = labelWidth(id) + 4, h = 15, r = (n.size || 8) * scale;
      var tries = [{ x: p.x - w / 2, y: p.y + r + 1 }, { x: p.x - w / 2, y: p.y - r - 1 - h }, { x: p.x + r + 3, y: p.y - h / 2 },
                   { x: p.x - r - 3 - w, y: p.y - h / 2 }];
      for (var t = 0; t < tries.length; t++) {
        var b = { id: id, x: tries[t].x, y: tries[t].y, w: w, h: h, text: text };
        if (b.x < 0 || b.y < 26 || b.x + b.w > box.width || b.y + b.h > box.height || collides(b)) { continue; }
        add(b); shownIds[id] = true;
        var dim = ego && !ego.ids[id];
        ctx.fillStyle = "rgba(255,255,255,.8)";
        ctx.fillRect(b.x, b.y + 1, b.w, b.h - 2);
        ctx.fillStyle = dim ? "#b8b8b8" : (ego && ego.centre === id ? "#000" : "#222");
        ctx.fillText(text, b.x + 2, b.y + h / 2);
        break;
      }
    }
    ctx.restore();
    window.pkLabelBoxes = placed.map(function (b) { return { id: b.id, x: b.x, y: b.y, w: b.w, h: b.h, text: b.text }; });
    if (!window.pkSettled) {
      window.pkFirstDrawMs = performance.now() - started;
      window.pkSettled = true;  // positions are final from the first frame (no physics)
      setTimeout(function () { window.pkInteractiveMs = performance.now() - started; window.pkReady = true; }, 0);
    }
  });

  // --- ego view and the detail panel --------------------------------------------------------
  function related(id) {  // [relation wording, other node, edge] for every edge of id
    var out = [];
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      out.push({ edge: e, other: e.from === id ? e.to : e.from, outgoing: e.from === id });
    });
    return out;
  }
  function describe(id) {
    var n = nodes.get(id), p = n.pk, rows = [["kind", p.kind], ["side", p.side]].concat(factRows(p));
    var answers = [], links = [];
    related(id).forEach(function (r) {
      var other = byId[r.other], e = r.edge.pk, who = other ? other.pk.label : r.other;
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
    var n = id === undefined || id === null ? null : nodes.get(id);
    box.textContent = "";
    if (!n) { box.textContent = "Click a node to see its details here."; return; }
    box.appendChild(describe(id));
  }
  function setEgo(id) {
    var ids = {};
    if (id !== null && id !== undefined) {
      ids[id] = true;
      network.getConnectedNodes(id).forEach(function (m) { ids[m] = true; });
      state.ego = { centre: id, ids: ids };
    } else {
      state.ego = null;
    }
    // one batched update each for nodes and edges, with only the items whose colour changes
    // (the first click dims everything; moving from one ego view to the next touches only the two)
    var ego = state.ego, nodeChanges = [], edgeChanges = [];
    rawNodes.forEach(function (n) {
      var dim = !!ego && !ego.ids[n.id];
      if (dim !== !!n.pk.dim) { n.pk.dim = dim; nodeChanges.push({ id: n.id, color: dim ? DIM_NODE : n.pk.colour }); }
    });
    rawEdges.forEach(function (e) {
      var dim = !!ego && e.from !== ego.centre && e.to !== ego.centre;
      if (dim !== !!e.pk.dim) { e.pk.dim = dim; edgeChanges.push({ id: e.id, color: dim ? DIM_EDGE : e.pk.colour }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    window.pkEgo = ego ? Object.keys(ego.ids).sort() : [];
  }
  // --- optional force layout for a small ego view ------------------------------------------
  // Every node has physics off (options); for the ego view only, its nodes get physics on (the
  // centre stays fixed), vis-network runs a short simulation, and physics is switched off again
  // when it settles or after FORCE_MS. Unticking, another click or "reset" puts them back.
  var FORCE_MS = 2500, FORCE_LIMIT = CONF.force_limit, force = { on: false, ids: [], timer: null };
  var forceBox = document.getElementById("ego-force"), forceStatus = document.getElementById("force-status");
  window.pkForce = { running: false, runs: 0, ids: [] };
  rawNodes.forEach(function (n) { n.pk.x0 = n.x; n.pk.y0 = n.y; });
  function stopForce(fit) {
    if (!window.pkForce.running) { return; }
    clearTimeout(force.timer);
    network.setOptions({ physics: { enabled: false } });
    nodes.update(force.ids.map(function (id) { return { id: id, physics: false, fixed: false }; }));
    window.pkForce.running = false;
    if (fit) { network.fit({ nodes: force.ids, animation: false }); }
  }
  function restoreForce() {
    stopForce(false);
    force.ids.forEach(function (id) { network.moveNode(id, byId[id].pk.x0, byId[id].pk.y0); });
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
  forceBox.addEventListener("change", function () { force.on = forceBox.checked; runForce(); });

  function select(id) { setEgo(id); showDetails(id); runForce(); }
  network.on("click", function (e) {
    if (e.nodes.length) { select(e.nodes[0]); } else if (!e.edges.length) { select(null); }
  });

  // --- filters, sliders, search, reset ------------------------------------------------------
  function count() {
    document.getElementById("visible-count").textContent = nodeView.length + " of " + nodes.length + " nodes shown";
  }
  function refresh() { nodeView.refresh(); edgeView.refresh(); count(); }
  function wire(selector, bag) {
    document.querySelectorAll(selector + " input").forEach(function (i) {
      i.addEventListener("change", function () { bag[i.value] = i.checked; refresh(); });
    });
  }
  wire(".filter-side", state.sides);
  wire(".filter-kind", state.kinds);
  wire(".filter-relation", state.relations);
  var fromInput = document.getElementById("year-from"), toInput = document.getElementById("year-to");
  function years(e) {
    var a = parseInt(fromInput.value, 10), b = parseInt(toInput.value, 10);
    if (a > b) { if (e && e.target === fromInput) { toInput.value = String(a); b = a; } else { fromInput.value = String(b); a = b; } }
    state.from = a; state.to = b;
    document.getElementById("year-range").textContent = a === b ? String(a) : a + "–" + b;
    refresh();
  }
  fromInput.addEventListener("input", years);
  toInput.addEventListener("input", years);

  function fold(text) {  // case- and diacritic-insensitive matching (Lê Đức Thọ ~ le duc tho)
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function search(text) {
    var needle = fold(text.trim());
    var status = document.getElementById("search-status");
    if (!needle) { network.unselectAll(); status.textContent = ""; return; }
    var hits = nodeView.get({ filter: function (n) { return fold(n.pk.label + " " + n.pk.date).indexOf(needle) >= 0; } });
    if (!hits.length) { network.unselectAll(); status.textContent = "No visible node matches."; return; }
    network.selectNodes(hits.map(function (n) { return n.id; }));
    network.focus(hits[0].id, { scale: Math.max(network.getScale(), 1), animation: false });
    status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es") + "; first: " + hits[0].pk.label;
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
  window.pkEgo = [];
  years();
  fitAll();
})();
