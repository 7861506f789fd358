/* The timeline (templates/timeline.html): SVG lanes per side, zoom and pan, tooltips.
   Data arrives as JSON in #pk-timeline-data; every label reaches the DOM through textContent. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("pk-timeline-data").textContent);
  var ITEMS = DATA.items, LANES = DATA.lanes;
  var COLOURS = { "DRV": "#d55e00", "PRG-NLF": "#e69f00", "US": "#0072b2", "RVN": "#009e73", "joint": "#777777" };
  var NS = "http://www.w3.org/2000/svg";
  var LEFT = 230, TOP = 34, ROW = 15, LANE_PAD = 12;
  var chart = document.getElementById("chart");
  var MAX_ROWS = 4;
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "11px system-ui, sans-serif";
  var widthCache = {};
  function textWidth(text) {
    if (widthCache[text] === undefined) { widthCache[text] = measure.measureText(text).width; }
    return widthCache[text];
  }

  function toTime(text, end) {  // ISO text at any precision -> ms; end=true gives the end of the period
    var p = text.split("-").map(Number);
    var y = p[0], m = p.length > 1 ? p[1] - 1 : 0, d = p.length > 2 ? p[2] : 1;
    if (!end) { return Date.UTC(y, m, d); }
    if (p.length === 1) { return Date.UTC(y + 1, 0, 1); }
    if (p.length === 2) { return Date.UTC(y, m + 1, 1); }
    return Date.UTC(y, m, d + 1);
  }
  ITEMS.forEach(function (it) {
    it.t0 = toTime(it.start, false);
    it.t1 = it.end ? toTime(it.end, true) : (it.precision === "day" ? it.t0 : toTime(it.start, true));
  });
  var all = [Math.min.apply(null, ITEMS.map(function (i) { return i.t0; })) - 864e5 * 60,
             Math.max.apply(null, ITEMS.map(function (i) { return i.t1; })) + 864e5 * 60];
  var talks = [Date.UTC(1968, 3, 1), Date.UTC(1973, 2, 1)];
  var view = talks.slice();

  // lane titles wrap at words to fit left of the plot (LEFT px); the full name is also the tooltip
  var titleMeasure = document.createElement("canvas").getContext("2d");
  titleMeasure.font = "600 12px system-ui, sans-serif";
  function titleLines(title) {
    var lines = [], line = "";
    String(title).split(" ").forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && titleMeasure.measureText(next).width > LEFT - 20) { lines.push(line); line = word; } else { line = next; }
    });
    lines.push(line);
    return lines;
  }
  function laneTitle(box) {
    var g = el("g", { "class": "lane-head" }), text = el("text", { x: 8, y: box.y + 18, "class": "lane-title" });
    g.appendChild(el("title", {}, box.lane.title));
    var lines = titleLines(box.lane.title);
    lines.forEach(function (line, i) {  // the space at a break ends the line above: textContent stays the full title
      text.appendChild(el("tspan", { x: 8, dy: i ? 15 : 0 }, line + (i < lines.length - 1 ? " " : "")));
    });
    g.appendChild(text);
    return g;
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var tip = document.getElementById("tip");
  // one line "key: value — sources" (sources of the value's own statement; views/node_facts.py)
  function line(box, k, v, sources, node) {
    if (!v && !node) { return; }
    var div = document.createElement("div");
    if (k) { var s = document.createElement("span"); s.className = "k"; s.textContent = k + ": "; div.appendChild(s); }
    div.appendChild(node || document.createTextNode(String(v)));
    if (sources) { var src = document.createElement("span"); src.className = "src"; src.textContent = " — " + String(sources); div.appendChild(src); }
    box.appendChild(div);
  }
  function dateWords(it, precision) {
    return it.end ? it.start + " to " + it.end : it.start + (precision && it.precision !== "day" ? " (" + it.precision + ")" : "");
  }
  function facts(box, it, precision) {  // the date fact keeps the item's precision wording
    (it.facts || []).forEach(function (f) { line(box, f[0], f[0] === "date" ? dateWords(it, precision) : f[1], f[2]); });
    if (!(it.facts || []).some(function (f) { return f[0] === "date"; })) { line(box, "date", dateWords(it, precision)); }
  }
  function showTip(it, ev) {
    tip.textContent = "";
    var head = document.createElement("div"); head.className = "t"; head.textContent = it.label; tip.appendChild(head);
    facts(tip, it, true);
    line(tip, "kind", it.kind + (it.group === "proposal" ? " (proposal)" : ""));
    line(tip, "", it.summary);
    tip.style.display = "block";
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8) + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  function showDetails(it) {  // the side panel: the same facts as the tooltip, kept, with the entity page
    var box = document.getElementById("details");
    box.textContent = "";
    var add = function (k, v, node) { line(box, k, v, "", node); };
    var head = document.createElement("div"); head.className = "t"; head.textContent = it.label; box.appendChild(head);
    facts(box, it, false);
    add("kind", it.kind + (it.group === "proposal" ? " (proposal)" : ""));
    add("summary", it.summary);
    add("answers", (it.answers || []).map(function (a) { return a.lane + ": " + a.type + " (" + a.date + ")"; }).join("; "));
    var base = "https://w3id.org/paris-kg/id/", rest = String(it.iri).slice(base.length);
    if (String(it.iri).indexOf(base) === 0 && /^[A-Za-z0-9._~\/%-]+$/.test(rest)) {
      var a = document.createElement("a");
      a.href = location.protocol === "http:" || location.protocol === "https:" ? "/id/" + rest : it.iri;
      a.textContent = "entity page"; a.className = "pk-entity";
      add("page", "", a);
    }
    box.style.display = "block";
  }

  function draw() {
    var width = Math.max(chart.clientWidth, 600);
    var span = view[1] - view[0];
    var x = function (t) { return LEFT + (t - view[0]) / span * (width - LEFT - 20); };
    var svg = el("svg", { width: width, role: "img", "aria-label": "Timeline" });
    // pack items into rows per lane so that markers never overlap at this zoom
    var y = TOP, laneBoxes = [];
    LANES.forEach(function (lane) {
      var rows = [];
      var mine = ITEMS.filter(function (it) { return it.lane === lane.id && it.t1 >= view[0] && it.t0 <= view[1]; });
      // proposals first, then the rest: each takes the first row where it (and, if possible, its
      // label: right of the marker, or left of it near the right edge) overlaps nothing
      var free = function (r, a, b) {
        return !(rows[r] || []).some(function (iv) { return a < iv[1] && iv[0] < b; });
      };
      var packed = mine.filter(function (it) { return it.group === "proposal"; })
        .concat(mine.filter(function (it) { return it.group !== "proposal"; }));
      packed.forEach(function (it) {
        var a = x(it.t0) - 5, b = Math.max(x(it.t1), x(it.t0) + 10) + 2;
        var w = textWidth(it.short || it.label) + 8, right = b + w <= width - 4;
        var la = right ? a : a - w, lb = right ? b + w : b, r = 0;
        while (r < MAX_ROWS && !free(r, la, lb)) { r += 1; }
        it.labelled = r < MAX_ROWS && la >= LEFT;
        if (!it.labelled) { la = a; lb = b; r = 0; while (!free(r, la, lb)) { r += 1; } }
        it.labelLeft = !right;
        (rows[r] = rows[r] || []).push([la, lb]);
        it.row = r; it.x0 = x(it.t0); it.x1 = x(it.t1);
      });
      var h = Math.max(Math.max(rows.length, 1) * ROW + LANE_PAD * 2, titleLines(lane.title).length * 15 + 12);
      laneBoxes.push({ lane: lane, y: y, h: h, items: mine });
      y += h;
    });
    svg.setAttribute("height", y + 10);
    // items are clipped to the plot area so bars never run under the lane titles
    var defs = el("defs", {}), clip = el("clipPath", { id: "plot" });
    clip.appendChild(el("rect", { x: LEFT, y: 0, width: width - LEFT, height: y + 10 }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    // axis: a line per year, lighter ones per month when zoomed in enough
    var y0 = new Date(view[0]).getUTCFullYear(), y1 = new Date(view[1]).getUTCFullYear();
    var monthPx = (width - LEFT) / (span / (864e5 * 30.4));
    for (var yr = y0; yr <= y1 + 1; yr++) {
      for (var mo = 0; mo < 12; mo++) {
        var t = Date.UTC(yr, mo, 1);
        if (t < view[0] || t > view[1]) { continue; }
        if (mo !== 0 && monthPx < 9) { continue; }
        svg.appendChild(el("line", { x1: x(t), x2: x(t), y1: TOP - 6, y2: y, "class": mo === 0 ? "tick year" : "tick" }));
        if (mo === 0 || monthPx > 40) {
          svg.appendChild(el("text", { x: x(t) + 3, y: TOP - 10, "class": "tick-label" },
                             mo === 0 ? String(yr) : String(yr) + "-" + String(mo + 1).padStart(2, "0")));
        }
      }
    }
    var plot = el("g", { "clip-path": "url(#plot)" });
    laneBoxes.forEach(function (box, i) {
      svg.insertBefore(el("rect", { x: 0, y: box.y, width: width, height: box.h, fill: i % 2 ? "#fafafa" : "#f2f2f2", opacity: 0.6 }), defs.nextSibling);
      svg.appendChild(laneTitle(box));
      box.items.forEach(function (it) {
        var cy = box.y + LANE_PAD + it.row * ROW + ROW / 2, colour = COLOURS[it.lane], shape;
        if (it.precision === "day" && !it.end) {
          shape = it.group === "proposal"
            ? el("rect", { x: it.x0 - 5, y: cy - 5, width: 10, height: 10, transform: "rotate(45 " + it.x0 + " " + cy + ")" })
            : el("circle", { cx: it.x0, cy: cy, r: 5 });
        } else {
          shape = el("rect", { x: it.x0, y: cy - 4, width: Math.max(it.x1 - it.x0, 3), height: 8, rx: 2,
                               "fill-opacity": it.precision === "year" && !it.end ? 0.45 : 0.8 });
        }
        shape.setAttribute("fill", colour);
        shape.setAttribute("class", "item");
        shape.setAttribute("data-iri", it.iri);
        shape.setAttribute("data-precision", it.end ? "span" : it.precision);
        shape.addEventListener("mousemove", function (ev) { showTip(it, ev); });
        shape.addEventListener("mouseleave", hideTip);
        shape.addEventListener("click", function () { showDetails(it); });
        it.cy = cy;
        plot.appendChild(shape);
        if (it.labelled) {
          var right = Math.max(it.x1, it.x0 + 5);
          var label = el("text", it.labelLeft ? { x: it.x0 - 7, y: cy + 4, "text-anchor": "end", "class": "item-label" }
                                              : { x: right + 4, y: cy + 4, "class": "item-label" }, it.short || it.label);
          label.setAttribute("data-label-for", it.iri);
          label.addEventListener("click", function () { showDetails(it); });
          plot.appendChild(label);
        }
      });
    });
    // each answer: a small tick in the answering side's lane, joined to its proposal by a line
    var laneY = {};
    laneBoxes.forEach(function (box) { laneY[box.lane.id] = box; });
    laneBoxes.forEach(function (box) {
      box.items.forEach(function (it) {
        (it.answers || []).forEach(function (an) {
          var target = laneY[an.lane], ax = x(toTime(an.date, false));
          if (!target || ax < LEFT) { return; }
          var ay = target.y + target.h - 5;
          plot.insertBefore(el("line", { x1: it.x0, y1: it.cy, x2: ax, y2: ay, "class": "answer-link " + an.type.replace(/[^a-z]/g, "") }), plot.firstChild);
          var mark = el("rect", { x: ax - 1.5, y: ay - 4, width: 3, height: 8, "class": "answer-mark " + an.type.replace(/[^a-z]/g, "") });
          mark.appendChild(el("title", {}, an.type + " (" + an.date + ")"));
          plot.appendChild(mark);
        });
      });
    });
    svg.appendChild(plot);
    chart.textContent = "";
    chart.appendChild(svg);
    document.getElementById("range").textContent =
      new Date(view[0]).toISOString().slice(0, 7) + " to " + new Date(view[1]).toISOString().slice(0, 7) +
      " · " + laneBoxes.reduce(function (n, b) { return n + b.items.length; }, 0) + " of " + ITEMS.length + " items in view";
  }

  function zoom(factor, centre) {
    var span = view[1] - view[0], c = centre === undefined ? view[0] + span / 2 : centre;
    var next = Math.min(Math.max(span * factor, 864e5 * 20), all[1] - all[0]);
    view = [c - (c - view[0]) * next / span, c + (view[1] - c) * next / span];
    draw();
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(0.5); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(2); });
  document.getElementById("zoom-talks").addEventListener("click", function () { view = talks.slice(); draw(); });
  document.getElementById("zoom-all").addEventListener("click", function () { view = all.slice(); draw(); });
  chart.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var width = Math.max(chart.clientWidth, 600), frac = (ev.offsetX - LEFT) / (width - LEFT - 20);
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, view[0] + Math.min(Math.max(frac, 0), 1) * (view[1] - view[0]));
  }, { passive: false });
  var drag = null;
  chart.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, view: view.slice() }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var width = Math.max(chart.clientWidth, 600), shift = (ev.clientX - drag.x) / (width - LEFT - 20) * (drag.view[1] - drag.view[0]);
    view = [drag.view[0] - shift, drag.view[1] - shift];
    draw();
  });
  window.addEventListener("resize", draw);
  window.pkTimeline = { zoom: zoom, details: showDetails, items: ITEMS, view: function () { return view.slice(); },
                        showAll: function () { view = all.slice(); draw(); } };
  draw();
  window.pkReady = true;
})();
