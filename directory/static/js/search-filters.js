// The search filters' <details>: site.css shows its content on a wide screen even when it is
// closed (no script needed); this opens it there too, so assistive technology reads it as
// expanded, and closes it again when the window narrows to a phone's width.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48em)");
  function follow() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  follow();
  wide.addEventListener("change", follow);
})();
