/* The query page (templates/query.html): the YASQE editor of the vendored @zazuko/yasgui bundle,
   the named queries as examples with a form for their parameters, results as a table with
   safe links, CSV/JSON downloads, and the query kept in the address bar.

   Nothing here talks to another host: YASQE's completers that call prefix.cc or LOV are
   replaced by completers over our own prefixes and ontology terms (embedded in the page),
   its share link, local-storage persistence and query button are switched off. */
(function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("pk-query-config").textContent);
  var EXAMPLES = CONFIG.examples, PREFIXES = CONFIG.prefixes, BASE = CONFIG.base;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var select = document.getElementById("examples"), form = document.getElementById("params");
  var status = document.getElementById("status"), box = document.getElementById("results");
  var last = null;  // {vars, bindings, json}: the results on screen, for the downloads

  function say(text, isError) { status.textContent = text; status.className = isError ? "muted pk-error" : "muted"; }

  // ------------------------------------------------------------------ the editor
  var Yasqe = window.Yasqe || (window.Yasgui && (window.Yasgui.Yasgui || window.Yasgui.default).Yasqe);
  var prefixLines = Object.keys(PREFIXES).map(function (p) { return p + ": <" + PREFIXES[p] + ">"; }).sort();
  var propertyCompleter = Yasqe.Autocompleters.property, classCompleter = Yasqe.Autocompleters["class"];
  function ourPrefixedName(yasqe, token) {
    // resolve a prefixed name with our prefixes too, even before its PREFIX line is written
    token = propertyCompleter.preProcessToken(yasqe, token);
    var p = token.tokenPrefix ? token.tokenPrefix.slice(0, -1) : "";
    if (p && !token.tokenPrefixUri && PREFIXES[p] !== undefined) {
      token.tokenPrefixUri = PREFIXES[p];
      token.autocompletionString = PREFIXES[p] + token.string.slice(p.length + 1);
    }
    return token;
  }
  Yasqe.forkAutocompleter("prefixes", { name: "pkPrefixes", persistenceId: null, bulk: true,
                                        get: function () { return prefixLines; } }, false);
  Yasqe.forkAutocompleter("property", { name: "pkProperties", persistenceId: null, bulk: true, autoShow: false,
                                        preProcessToken: ourPrefixedName,
                                        get: function () { return CONFIG.terms.properties; } }, false);
  Yasqe.forkAutocompleter("class", { name: "pkClasses", persistenceId: null, bulk: true, autoShow: false,
                                     preProcessToken: ourPrefixedName,
                                     get: function () { return CONFIG.terms.classes; } }, false);
  Yasqe.defaults.autocompleters = ["variables", "pkPrefixes", "pkProperties", "pkClasses"];
  Yasqe.defaults.persistenceId = null;          // no local storage
  Yasqe.defaults.createShareableLink = null;    // no share button: the address bar is the link
  Yasqe.defaults.consumeShareLink = null;
  Yasqe.defaults.showQueryButton = false;       // our Run button queries CONFIG.endpoint
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.requestConfig.endpoint = CONFIG.endpoint;
  Yasqe.defaults.editorHeight = "22rem";
  Yasqe.defaults.extraKeys["Ctrl-Enter"] = Yasqe.defaults.extraKeys["Cmd-Enter"] = function () { run(); };
  Yasqe.defaults.extraKeys["Ctrl-S"] = function () {};
  var start = new URLSearchParams(window.location.search).get("query");
  var editor = new Yasqe(document.getElementById("editor"), {
    value: start || "PREFIX pk: <" + PREFIXES.pk + ">\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n" +
                    "SELECT ?proposal ?label WHERE {\n  ?proposal a pk:Proposal ; rdfs:label ?label .\n} LIMIT 20"
  });

  // ------------------------------------------------------------------ named queries and their parameters
  EXAMPLES.forEach(function (q, i) {
    var o = document.createElement("option"); o.value = String(i); o.textContent = q.name + " — " + q.title;
    select.appendChild(o);
  });
  function current() { return select.value === "" ? null : EXAMPLES[Number(select.value)]; }
  select.addEventListener("change", function () {
    var q = current(), question = document.getElementById("example-question");
    form.textContent = "";
    form.hidden = !(q && q.params.length);
    question.hidden = !q;
    if (!q) { return; }
    question.textContent = q.question || q.title;
    editor.setValue(q.text);
    q.params.forEach(function (p) {
      var label = document.createElement("label"), name = document.createElement("span");
      var input = document.createElement("input"), hint = document.createElement("small");
      name.textContent = p.name + " — " + ({ iri: "an IRI or prefixed name", year: "a year", date: "a date",
                                            integer: "a whole number", string: "text" }[p.type] || p.type) +
                         (p.optional ? ", optional" : ", required");
      input.name = p.name; input.spellcheck = false;
      input.placeholder = { iri: "person:le-duc-tho", year: "1969", date: "1969-05-14", integer: "10" }[p.type] || "";
      hint.textContent = p.description;
      label.appendChild(name); label.appendChild(input); label.appendChild(hint);
      form.appendChild(label);
    });
    if (q.params.length) {
      var note = document.createElement("p");
      note.textContent = "Run binds these values into the query with a VALUES block (the query text stays as it is; " +
                         "the address bar gets the bound query). Leave an optional value empty to skip it.";
      form.appendChild(note);
    }
    say(q.params.length ? "fill in the parameters, then Run" : "");
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  form.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); run(); } });

  function term(p, raw) {
    // the RDF term of one parameter value, checked as `paris-kg query --param` checks it
    var bad = function (want) { throw new Error("parameter " + p.name + "=" + JSON.stringify(raw) + ": expected " + want); };
    if (p.type === "iri") {
      var colon = raw.indexOf(":"), prefix = raw.slice(0, colon), local = raw.slice(colon + 1), iri = null;
      if (colon > 0 && Object.prototype.hasOwnProperty.call(PREFIXES, prefix) && local.indexOf("//") !== 0) {
        iri = PREFIXES[prefix] + local;
      } else if (/^[a-z][a-z0-9+.\-]*:/i.test(raw)) { iri = raw; }
      if (iri === null) { bad("an IRI or a prefixed name such as person:le-duc-tho"); }
      if (/[\u0000-\u0020<>"{}|^`\\]/.test(iri)) { bad("a valid IRI"); }
      return "<" + iri + ">";
    }
    if (p.type === "integer" || p.type === "year") {
      if (!/^-?\d+$/.test(raw) || (p.type === "year" && raw.replace("-", "").length !== 4)) {
        bad(p.type === "year" ? "a four-digit year" : "an integer");
      }
      return '"' + raw + '"^^<' + XSD + "integer>";
    }
    if (p.type === "date") {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) { bad("a date as YYYY-MM-DD"); }
      return '"' + raw + '"^^<' + XSD + "date>";
    }
    return '"' + raw.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }

  function whereGroupOffset(text) {
    // the "{" opening the WHERE group; comments, strings and IRIs skipped (as paris_kg/query/engine.py)
    var i = 0, n = text.length, firstBrace = -1, seenWhere = false, ch, j;
    while (i < n) {
      ch = text[i];
      if (/\s/.test(ch)) { i += 1; }
      else if (ch === "#") { j = text.indexOf("\n", i); i = j < 0 ? n : j; }
      else if (ch === '"' || ch === "'") {
        j = i + 1;
        while (j < n && text[j] !== ch) { j += text[j] === "\\" ? 2 : 1; }
        i = j + 1;
      } else if (ch === "<" && i + 1 < n && !/\s/.test(text[i + 1]) && "=<".indexOf(text[i + 1]) < 0) {
        j = text.indexOf(">", i); i = j < 0 ? n : j + 1;
      } else if (ch === "{") {
        if (seenWhere) { return i; }
        if (firstBrace < 0) { firstBrace = i; }
        i += 1;
      } else if (ch === "}") { i += 1; }
      else {
        j = i;
        while (j < n && !/\s/.test(text[j]) && "{}#\"'<".indexOf(text[j]) < 0) { j += 1; }
        if (text.slice(i, j).toUpperCase() === "WHERE") { seenWhere = true; }
        i = Math.max(j, i + 1);
      }
    }
    return seenWhere ? -1 : firstBrace;
  }

  function bound(text) {
    // the editor's text with the form's values bound by a VALUES block (as inject_params does)
    var q = current();
    if (!q || !q.params.length) { return text; }
    var values = [];
    q.params.slice().sort(function (a, b) { return a.name < b.name ? -1 : 1; }).forEach(function (p) {
      var raw = form.elements[p.name].value.trim();
      if (raw === "") {
        if (!p.optional) { throw new Error("give a value for " + p.name + " (" + p.description + ")"); }
        return;
      }
      values.push(" VALUES ?" + p.name + " { " + term(p, raw) + " }");
    });
    if (!values.length) { return text; }
    var at = whereGroupOffset(text);
    if (at < 0) { throw new Error("cannot bind parameters: the query has no WHERE group"); }
    return text.slice(0, at + 1) + values.join("") + text.slice(at + 1);
  }

  // ------------------------------------------------------------------ results
  function localHref(iri) {
    // our IRIs open their page here; other http(s) and mailto IRIs are links; anything else stays text
    if (iri.indexOf(BASE) === 0) { return CONFIG.siteRoot + iri.slice(BASE.length); }
    return /^(https?|mailto):/i.test(iri) && !/[\u0000-\u001f\u007f]/.test(iri) ? iri : null;
  }
  function compact(iri) {
    var best = "", name = null;
    Object.keys(PREFIXES).forEach(function (p) {
      var ns = PREFIXES[p];
      if (iri.indexOf(ns) === 0 && ns.length > best.length && /^[\w\-.]*$/.test(iri.slice(ns.length))) { best = ns; name = p; }
    });
    return name === null ? iri : name + ":" + iri.slice(best.length);
  }
  function cell(t) {
    var td = document.createElement("td");
    if (!t) { return td; }
    if (t.type === "uri") {
      var href = localHref(t.value), node = document.createElement(href === null ? "span" : "a");
      node.textContent = compact(t.value); node.title = t.value;
      if (href !== null) { node.href = href; }
      td.appendChild(node);
    } else {
      td.textContent = t.type === "bnode" ? "_:" + t.value : t.value;
      if (t.value.length <= 12) { td.className = "pk-short"; }  // dates, numbers: kept on one line
      // language and datatype as attributes: the cell's text is the value, as in the CSV
      if (t["xml:lang"]) { td.lang = t["xml:lang"]; td.title = "@" + t["xml:lang"]; }
      else if (t.datatype && t.datatype !== XSD + "string") { td.title = compact(t.datatype); }
    }
    return td;
  }
  function show(data, raw) {
    box.textContent = "";
    if (data.boolean !== undefined) {
      box.textContent = "Answer: " + (data.boolean ? "yes (true)" : "no (false)");
      last = { vars: ["boolean"], bindings: [{ boolean: { type: "literal", value: String(data.boolean) } }], json: raw };
      say("done"); return;
    }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = document.createElement("table"), head = document.createElement("tr");
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    table.appendChild(head);
    rows.forEach(function (b) {
      var tr = document.createElement("tr");
      vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      table.appendChild(tr);
    });
    box.appendChild(table);
    last = { vars: vars, bindings: rows, json: raw };
    say(rows.length + (rows.length === 1 ? " row" : " rows"));
  }

  function run() {
    var text;
    try { text = bound(editor.getValue()); } catch (err) { say(err.message, true); return; }
    var url = new URL(window.location.href);
    url.search = "?query=" + encodeURIComponent(text);
    window.history.replaceState(null, "", url.toString());
    say("running…");
    document.getElementById("csv").disabled = document.getElementById("json").disabled = true;
    fetch(CONFIG.endpoint, { method: "POST", body: text,
                             headers: { "Content-Type": "application/sparql-query",
                                        "Accept": "application/sparql-results+json" } })
      .then(function (r) {
        return r.text().then(function (body) {
          if (!r.ok) { throw new Error(body.trim() || r.status + " " + r.statusText); }
          return body;
        });
      })
      .then(function (body) {
        var data;
        try { data = JSON.parse(body); } catch (e) { throw new Error("the endpoint did not answer SPARQL results (only SELECT and ASK are shown here)"); }
        show(data, body);
        document.getElementById("csv").disabled = document.getElementById("json").disabled = false;
      })
      .catch(function (err) { box.textContent = ""; last = null; say("Error: " + err.message, true); });
  }
  document.getElementById("run").addEventListener("click", run);

  // ------------------------------------------------------------------ downloads (made here, from the results shown)
  function csvField(v) { return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function download(name, type, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function stem() { var q = current(); return q ? q.name : "query"; }
  document.getElementById("csv").addEventListener("click", function () {
    if (!last) { return; }
    var lines = [last.vars.map(csvField).join(",")].concat(last.bindings.map(function (b) {
      return last.vars.map(function (v) { return csvField(b[v] ? b[v].value : ""); }).join(",");
    }));
    download(stem() + ".csv", "text/csv", lines.join("\r\n") + "\r\n");
  });
  document.getElementById("json").addEventListener("click", function () {
    if (last) { download(stem() + ".json", "application/sparql-results+json", last.json); }
  });

  if (start) { run(); }
  document.body.setAttribute("data-pk-ready", "true");
})();
