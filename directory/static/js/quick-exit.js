// Quick exit: the button, or Shift pressed three times in a row, replaces this page with a
// neutral site. location.replace() leaves no history entry, so Back does not return to this
// page (it can to the pages opened before it: the footer's safety tip says so).
//
// Shift ×3 must never fire while someone types, so, as GOV.UK's "Exit this page" does, only
// presses of Shift alone with nothing between them count:
// - any other key (the letter of a capital, Tab of Shift+Tab, a digit...) or a click resets
//   the count, so typing "P7B 5E1" or "RCMP ICE" never gets past one;
// - a held Shift repeats its keydown (event.repeat): that is still one press, and releasing
//   Shift is not a press;
// - Shift with Ctrl, Alt or Meta held does not count (Alt+Shift switches keyboard layouts);
// - at most MAX_GAP_MS from one press to the next, or the count starts again.
// The listener is on the document in the capture phase: it hears Shift whatever has focus, a
// text field included, before any handler of the page could stop the event.
(function () {
  "use strict";
  var PRESSES_TO_LEAVE = 3;
  var MAX_GAP_MS = 2000;
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

  var presses = 0;
  var lastPressAt = 0;
  function reset() {
    presses = 0;
  }
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Shift" || event.ctrlKey || event.altKey || event.metaKey) {
        reset();
        return;
      }
      if (event.repeat) {
        return;
      }
      var now = Date.now();
      presses = now - lastPressAt <= MAX_GAP_MS ? presses + 1 : 1;
      lastPressAt = now;
      if (presses >= PRESSES_TO_LEAVE) {
        leave();
      }
    },
    true
  );
  document.addEventListener("pointerdown", reset, true);
})();
