// The review page: one-key verdicts (y right, n wrong), 1-9 mark fields, j/k move. Labels POST as JSON.
(function () {
  var status = document.getElementById("review-status");
  var queue = JSON.parse(document.getElementById("queue").textContent);
  var section = document.getElementById("under-review");
  var current = section ? section.dataset.run : null;

  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (b) { if (!r.ok) throw new Error(b.detail); return b; }); });
  }
  function go(offset) {
    var i = queue.indexOf(current) + offset;
    if (i >= 0 && i < queue.length) location.href = "/review?run=" + encodeURIComponent(queue[i]);
  }
  function label(correct) {
    if (!current) return;
    var wrong = Array.from(document.querySelectorAll("input.wrong:checked")).map(function (c) { return c.value; });
    status.textContent = "Saving…";
    post("/review/labels", { run_id: current, correct: correct, wrong_fields: correct ? [] : wrong })
      .then(function (res) {
        var e = res.error_rate;
        status.textContent = "Labelled " + current + (correct ? " right" : " wrong") + ". Error rate now " +
          (e.estimate == null ? "–" : (100 * e.estimate).toFixed(1) + "%") + " from " + e.labels + " labels.";
        var i = queue.indexOf(current);
        var next = queue[i + 1] || queue[i - 1];
        setTimeout(function () { location.href = next ? "/review?run=" + encodeURIComponent(next) : "/review"; }, 400);
      })
      .catch(function (err) { status.textContent = "Not saved: " + err.message; });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.target.matches("input[type=number], input[type=text], input[type=search], textarea") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "y") label(true);
    else if (ev.key === "n") label(false);
    else if (ev.key === "j") go(1);
    else if (ev.key === "k") go(-1);
    else if (/^[1-9]$/.test(ev.key)) {
      var box = document.querySelectorAll("input.wrong")[Number(ev.key) - 1]; if (box) box.checked = !box.checked;
    } else return;
    ev.preventDefault();
  });
  var right = document.getElementById("right"), wrongB = document.getElementById("wrong");
  if (right) right.addEventListener("click", function () { label(true); });
  if (wrongB) wrongB.addEventListener("click", function () { label(false); });
  var drawB = document.getElementById("draw-button");
  if (drawB) drawB.addEventListener("click", function () {
    status.textContent = "Drawing…";
    post("/review/draw", { budget: Number(document.getElementById("budget").value || 200), week: false })
      .then(function (res) { status.textContent = res.drawn + " runs drawn."; location.reload(); })
      .catch(function (err) { status.textContent = "Not drawn: " + err.message; });
  });
})();
