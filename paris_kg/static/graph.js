/* The interactive actor–proposal graph (templates/graph.html): filters, search, tooltips.
   Data arrives as JSON in #pk-graph-data; every label reaches the DOM through textContent. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("pk-graph-data").textContent);
  var rawNodes = DATA.nodes, rawEdges = DATA.edges, options = DATA.options, CONF = DATA.conf;

  // Only a Wikidata item page ever becomes a link; anything else stays text.
  var WIKIDATA_PAGE = /^https:\/\/www\.wikidata\.org\/wiki\/Q[1-9][0-9]*$/;
  function wikidataLink(page) {
    if (!WIKIDATA_PAGE.test(String(page))) { return null; }
    var a = document.createElement("a");
    a.className = "pk-wikidata";
    a.href = page;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = String(page).slice(String(page).lastIndexOf("/") + 1) + " on Wikidata";
    return a;
  }

  function tip(title, rows) {
    // Tooltips are DOM nodes filled with textContent: labels can never inject markup.
    // A row [key, value, "link"] shows value as a Wikidata link when it is one.
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
      var link = row[2] === "link" ? wikidataLink(row[1]) : null;
      line.appendChild(link || document.createTextNode(String(row[1])));
      box.appendChild(line);
    });
    return box;
  }

  function nodeRows(p) {
    return [["kind", p.kind], ["side", p.side], ["date", p.date], ["withdrawal terms", p.terms],
            ["sources", p.citations], ["IRI", p.iri], ["Wikidata", p.wikidata, "link"]];
  }
  rawNodes.forEach(function (n) { n.title = tip(n.label, nodeRows(n.pk)); });
  rawEdges.forEach(function (e) {
    var p = e.pk;
    e.title = tip(p.label, [["date", p.date], ["sources", p.citations]]);
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var state = { sides: {}, kinds: {}, from: CONF.year_min, to: CONF.year_max };
  document.querySelectorAll(".filter-side input").forEach(function (i) { state.sides[i.value] = true; });
  document.querySelectorAll(".filter-kind input").forEach(function (i) { state.kinds[i.value] = true; });

  function visible(n) {
    var p = n.pk;
    if (!state.sides[p.side] || !state.kinds[p.kind]) { return false; }
    return !p.year || (p.year >= state.from && p.year <= state.to);
  }
  var nodeView = new vis.DataView(nodes, { filter: visible });
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodeView, edges: edges }, options);

  function showDetails(id) {  // the panel's "Selected" box: the same facts as the tooltip, links clickable
    var box = document.getElementById("details");
    var n = id === undefined || id === null ? null : nodes.get(id);
    box.textContent = "";
    if (!n) { box.textContent = "Click a node to see its details here."; return; }
    box.appendChild(tip(n.label, nodeRows(n.pk)));
  }
  network.on("selectNode", function (e) { showDetails(e.nodes[0]); });
  network.on("deselectNode", function () { showDetails(null); });

  function count() {
    document.getElementById("visible-count").textContent =
      nodeView.length + " of " + nodes.length + " nodes shown";
  }
  function refresh() { nodeView.refresh(); count(); }

  document.querySelectorAll(".filter-side input").forEach(function (i) {
    i.addEventListener("change", function () { state.sides[i.value] = i.checked; refresh(); });
  });
  document.querySelectorAll(".filter-kind input").forEach(function (i) {
    i.addEventListener("change", function () { state.kinds[i.value] = i.checked; refresh(); });
  });
  ["year-from", "year-to"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", function () {
      state.from = parseInt(document.getElementById("year-from").value, 10) || CONF.year_min;
      state.to = parseInt(document.getElementById("year-to").value, 10) || CONF.year_max;
      refresh();
    });
  });

  function fold(text) {  // case- and diacritic-insensitive matching (Lê Đức Thọ ~ le duc tho)
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function search(text) {
    var needle = fold(text.trim());
    var status = document.getElementById("search-status");
    if (!needle) { network.unselectAll(); status.textContent = ""; return; }
    var hits = nodeView.get({ filter: function (n) { return fold(n.label + " " + n.pk.date).indexOf(needle) >= 0; } });
    if (!hits.length) { network.unselectAll(); status.textContent = "No visible node matches."; return; }
    network.selectNodes(hits.map(function (n) { return n.id; }));
    network.focus(hits[0].id, { scale: 1.2, animation: false });
    status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es") + "; first: " + hits[0].label;
    showDetails(hits[0].id);
  }
  document.getElementById("search").addEventListener("input", function (e) { search(e.target.value); });

  var started = performance.now();
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });   // settle once, then stay still
    window.pkSettledMs = performance.now() - started;
    window.pkSettled = true;
  });
  window.pkNetwork = network;
  window.pkNodes = nodes;
  window.pkView = nodeView;
  window.pkSearch = search;
  window.pkShowDetails = showDetails;
  count();
})();
