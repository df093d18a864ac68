// The intake's problem step: show the published solutions on the themes the helper ticks.
// Without JavaScript the panel keeps its plain links to the solution library.
(function () {
  "use strict";
  var panel = document.querySelector("[data-related-solutions]");
  if (!panel || !window.fetch) return;
  var list = document.getElementById("related-solutions-list");
  var url = panel.getAttribute("data-related-solutions");
  var boxes = document.querySelectorAll("input[type=checkbox][name=themes]");
  var pending = null;

  function refresh() {
    var query = new URLSearchParams();
    boxes.forEach(function (box) {
      // The intake's checkboxes carry the theme's id.
      if (box.checked) query.append("id", box.value);
    });
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        // A fragment rendered and escaped by our own server (frontdoor/_related_solutions.html).
        list.innerHTML = html;
      })
      .catch(function () {});
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", refresh);
  });
  refresh();
})();
