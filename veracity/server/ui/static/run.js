// A run's page: the step tree, virtualised (only the rows in view exist), step bodies loaded on demand,
// and search within the run.
(function () {
  var ROW = 24, PAD = 20;
  var tree = document.getElementById("tree");
  if (!tree) return;
  var all = JSON.parse(document.getElementById("outline").textContent);
  var runId = document.getElementById("run-search").dataset.run;
  var shown = all, selected = -1, hits = null;
  var spacer = tree.querySelector(".spacer");

  function row(i) {
    var s = shown[i], div = document.createElement("div");
    div.className = "row" + (i === selected ? " selected" : "") + (hits && hits.has(s.step_id) ? " hit" : "");
    div.style.top = (i * ROW) + "px";
    div.style.paddingLeft = (6 + 14 * s.depth) + "px";
    div.setAttribute("role", "treeitem");
    div.setAttribute("aria-level", s.depth + 1);
    div.setAttribute("aria-selected", i === selected ? "true" : "false");
    div.dataset.index = i;
    div.dataset.step = s.step_id;
    var kind = document.createElement("span"); kind.className = "kind"; kind.textContent = s.kind;
    div.append(kind, s.name + (s.attempt > 1 ? " (attempt " + s.attempt + ")" : "") + (s.status === "error" ? " ✗" : ""));
    if (s.findings.length) {
      var f = document.createElement("span"); f.className = "f"; f.textContent = "⚑ " + s.findings.join(", ");
      div.append(f);
    }
    return div;
  }

  function draw() {
    spacer.style.height = (shown.length * ROW) + "px";
    var first = Math.max(0, Math.floor(tree.scrollTop / ROW) - PAD);
    var last = Math.min(shown.length, Math.ceil((tree.scrollTop + tree.clientHeight) / ROW) + PAD);
    var frag = document.createDocumentFragment();
    frag.append(spacer);
    for (var i = first; i < last; i++) frag.append(row(i));
    tree.replaceChildren(frag);
  }

  function open(i) {
    if (i < 0 || i >= shown.length) return;
    selected = i;
    var top = i * ROW;
    if (top < tree.scrollTop || top + ROW > tree.scrollTop + tree.clientHeight) tree.scrollTop = top - tree.clientHeight / 2;
    draw();
    var url = "/runs/" + encodeURIComponent(runId) + "/steps/" + encodeURIComponent(shown[i].step_id);
    if (window.htmx) htmx.ajax("GET", url, { target: "#step-body", swap: "innerHTML" });
  }

  function openStep(stepId) {
    if (hits) { hits = null; shown = all; }
    var i = shown.findIndex(function (s) { return s.step_id === stepId; });
    if (i >= 0) { open(i); tree.focus(); }
  }

  tree.addEventListener("scroll", function () { window.requestAnimationFrame(draw); });
  tree.addEventListener("click", function (ev) {
    var r = ev.target.closest(".row"); if (r) open(Number(r.dataset.index));
  });
  tree.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "j") { open(Math.min(shown.length - 1, selected + 1)); ev.preventDefault(); }
    if (ev.key === "ArrowUp" || ev.key === "k") { open(Math.max(0, selected - 1)); ev.preventDefault(); }
  });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-step]"); if (!a) return;
    ev.preventDefault(); openStep(a.dataset.step);
  });

  var search = document.getElementById("run-search"), status = document.getElementById("search-status"), timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = search.value.trim();
      document.querySelectorAll(".field.hit").forEach(function (f) { f.classList.remove("hit"); });
      if (!q) { hits = null; shown = all; selected = -1; status.textContent = ""; draw(); return; }
      fetch("/runs/" + encodeURIComponent(runId) + "/search.json?q=" + encodeURIComponent(q))
        .then(function (r) { return r.json(); })
        .then(function (res) {
          hits = new Set(res.steps);
          shown = all.filter(function (s) { return hits.has(s.step_id); });
          selected = -1; tree.scrollTop = 0; draw();
          res.fields.forEach(function (p) {
            var li = document.querySelector('.field[data-path="' + CSS.escape(p) + '"]'); if (li) li.classList.add("hit");
          });
          status.textContent = res.steps.length + " steps and " + res.fields.length + " fields hold “" + q + "”";
        });
    }, 200);
  });
  draw();
  document.body.dataset.ready = "1";
})();
