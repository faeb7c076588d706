// The runs page: save the filters in force as a named view (POST JSON), kept in the store.
(function () {
  document.addEventListener("click", function (ev) {
    if (!ev.target || ev.target.id !== "save-view") return;
    var name = document.getElementById("view-name").value.trim();
    var status = document.getElementById("view-status");
    if (!name) { status.textContent = "Give the view a name first."; return; }
    fetch("/runs/views", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: name, query: location.search }) })
      .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
      .then(function (res) {
        if (!res[0]) { status.textContent = res[1].detail; return; }
        status.textContent = "Saved “" + name + "”.";
        var a = document.createElement("a"); a.className = "view"; a.href = "/runs" + location.search; a.textContent = name;
        status.before(a, " ");
      });
  });
})();
