// Quick exit: the button, or Shift pressed three times, replaces this page with a neutral
// site. location.replace() leaves no history entry, so Back does not return here.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.hidden = true; // hide the page at once, before the next one loads
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1500; });
    presses.push(now);
    if (presses.length >= 3) {
      leave();
    }
  });
})();
