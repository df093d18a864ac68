// The Kamer report's page while the report is being made: fetch the status panel every
// few seconds and put it in place, until the report is ready or failed. Without
// JavaScript the page refreshes itself (a meta refresh inside <noscript>) and has a link.
(function () {
  "use strict";
  var region = document.querySelector("[data-report-progress]");
  if (!region || !window.fetch) return;
  var url = region.getAttribute("data-report-progress");
  var delay = 1500;

  function busy() {
    var panel = region.querySelector("[data-busy]");
    return panel && panel.getAttribute("data-busy") === "true";
  }

  function poll() {
    if (!busy()) return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        // A fragment rendered and escaped by our own server (reports/_kamer_status.html).
        if (html !== null) region.innerHTML = html;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, delay * 4);
      });
  }

  window.setTimeout(poll, delay);
})();
