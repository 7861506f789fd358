/* Search suggestions on every site page: the same folding and ranking as paris_kg/web/search.py,
   over /search-index.json (fetched once, from our own origin). Names reach the page as text only. */
(function () {
  "use strict";
  var input = document.getElementById("pk-search"), list = document.getElementById("pk-suggest");
  if (!input || !list) { return; }
  var index = null, loading = null, active = -1;
  function fold(text) {
    var plain = String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return plain.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function rank(entry, needle) {
    var squeezed = needle.replace(/ /g, ""), best = null;
    for (var i = 0; i < entry.names.length; i++) {
      var name = entry.names[i], flat = name.replace(/ /g, "");
      if (name === needle || flat === squeezed) { return 0; }
      if (name.indexOf(needle) === 0 || flat.indexOf(squeezed) === 0 || (" " + name).indexOf(" " + needle) >= 0) {
        best = best === null ? 1 : Math.min(best, 1);
      } else if (name.indexOf(needle) >= 0 || flat.indexOf(squeezed) >= 0) {
        best = best === null ? 2 : Math.min(best, 2);
      }
    }
    return best;
  }
  function search(query, limit) {
    var needle = fold(query), hits = [];
    if (!needle) { return []; }
    index.forEach(function (e) {
      var r = rank(e, needle);
      if (r !== null) {
        hits.push([r, Math.min.apply(null, e.names.map(function (n) { return n.length; })), e.label, e]);
      }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.slice(0, limit).map(function (h) { return h[3]; });
  }
  function load() {
    if (!loading) {
      loading = fetch("/search-index.json").then(function (r) { return r.json(); }).then(function (data) { index = data; });
    }
    return loading;
  }
  function show(hits) {
    list.textContent = "";
    active = -1;
    hits.forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span");
      li.setAttribute("role", "option");
      a.href = e.href;
      a.textContent = e.label;
      kind.className = "hit-kind";
      kind.textContent = e.kind;
      a.appendChild(kind);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
  }
  input.addEventListener("input", function () {
    var text = input.value;
    load().then(function () { if (input.value === text) { show(search(text, 10)); } });
  });
  input.addEventListener("keydown", function (ev) {
    var items = list.querySelectorAll("li");
    if (!items.length || (ev.key !== "ArrowDown" && ev.key !== "ArrowUp" && ev.key !== "Enter")) { return; }
    if (ev.key === "Enter") {
      if (active >= 0) { ev.preventDefault(); window.location.href = items[active].querySelector("a").href; }
      return;
    }
    ev.preventDefault();
    if (active >= 0) { items[active].classList.remove("active"); }
    active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    items[active].classList.add("active");
  });
  document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) { list.hidden = true; } });
  window.pkSearch = { fold: fold, search: function (q) { return load().then(function () { return search(q, 20); }); } };
  // the static search page has no server: it fills its results from the index here
  var results = document.getElementById("pk-search-results");
  if (results && results.dataset.static === "1") {
    var q = new URLSearchParams(window.location.search).get("q") || "";
    input.value = q;
    load().then(function () {
      search(q, 50).forEach(function (e) {
        var li = document.createElement("li"), a = document.createElement("a"), kind = document.createElement("span");
        a.href = e.href; a.textContent = e.label; kind.className = "hit-kind"; kind.textContent = e.kind;
        li.appendChild(a); li.appendChild(kind); results.appendChild(li);
      });
      results.dataset.ready = "1";
    });
  }
  window.pkReady = true;
})();
