/*
 * Django's filter widget (SelectFilter2.js, for the groups and permissions of a user) puts
 * aria-label on a <span> without a role, which ARIA does not allow (axe:
 * aria-prohibited-attr). Move that help text to the filter's input as its description,
 * and hide the decorative icon. Runs whenever the widget is built.
 */
(function () {
  "use strict";

  function fix(root) {
    var icons = root.querySelectorAll(".help-tooltip[aria-label]");
    Array.prototype.forEach.call(icons, function (icon) {
      var text = icon.getAttribute("aria-label");
      icon.removeAttribute("aria-label");
      icon.setAttribute("aria-hidden", "true");
      icon.setAttribute("title", text);
      var label = icon.closest("label");
      var input = label && label.htmlFor ? document.getElementById(label.htmlFor) : null;
      if (input && !input.getAttribute("title")) {
        input.setAttribute("title", text);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
