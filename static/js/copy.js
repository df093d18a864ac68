/*
 * Copy buttons: <button data-copy-target="ID" hidden> copies the value (or text) of the
 * element with that id and says so in the live region named by data-copy-status.
 * Without JavaScript the button stays hidden and the text can be selected by hand.
 */
(function () {
  "use strict";

  function select(el) {
    if (typeof el.select === "function") {
      el.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function say(button, text) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function copy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var text = "value" in target ? target.value : target.textContent;
    var done = button.getAttribute("data-copy-done");
    var failed = button.getAttribute("data-copy-failed");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { say(button, done); },
        function () { select(target); say(button, failed); }
      );
    } else {
      select(target);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      say(button, ok ? done : failed);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
