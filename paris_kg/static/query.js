/* The query page (templates/query.html): examples, run, results table with safe links. */
(function () {
  "use strict";
  var EXAMPLES = JSON.parse(document.getElementById("pk-examples").textContent);
  var select = document.getElementById("examples");
  EXAMPLES.forEach(function (q, i) {
    var o = document.createElement("option"); o.value = String(i); o.textContent = q.name + " — " + q.title; select.appendChild(o);
  });
  select.addEventListener("change", function () {
    if (select.value !== "") { document.getElementById("query").value = EXAMPLES[Number(select.value)].text; }
  });
  var BASE = "https://w3id.org/paris-kg/";
  function link(iri) {
    // Only our own IRIs, http(s) and mailto become links; anything else (javascript:, data:...) stays text.
    var href = iri.indexOf(BASE) === 0 ? "/" + iri.slice(BASE.length) : (/^(https?|mailto):/i.test(iri) ? iri : null);
    if (href === null) { var span = document.createElement("span"); span.textContent = iri; return span; }
    var a = document.createElement("a"); a.textContent = iri; a.href = href; return a;
  }
  function show(data) {
    var box = document.getElementById("results"); box.textContent = "";
    if (data.boolean !== undefined) { box.textContent = String(data.boolean); return; }
    var table = document.createElement("table"), head = document.createElement("tr");
    data.head.vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    table.appendChild(head);
    data.results.bindings.forEach(function (b) {
      var tr = document.createElement("tr");
      data.head.vars.forEach(function (v) {
        var td = document.createElement("td"), t = b[v];
        if (t && t.type === "uri") {
          td.appendChild(link(t.value));
        } else if (t) { td.textContent = t.value; }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    box.appendChild(table);
    document.getElementById("status").textContent = data.results.bindings.length + " rows";
  }
  document.getElementById("run").addEventListener("click", function () {
    var status = document.getElementById("status");
    status.textContent = "running…";
    fetch("/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query",
                                                    "Accept": "application/sparql-results+json" },
                       body: document.getElementById("query").value })
      .then(function (r) { return r.ok ? r.json().then(show) : r.text().then(function (t) { throw new Error(t); }); })
      .catch(function (err) { status.textContent = "Error: " + err.message; });
  });
  window.pkReady = true;
})();
