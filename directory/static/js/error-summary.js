// After a failed submit, focus the error summary at the top of the form, so keyboard and
// screen-reader users start at the list of what to correct. Each link in it moves focus
// to its field (an in-page link alone only scrolls in some browsers). Static file: the
// CSP forbids inline script.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    const field = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input, select, textarea, button");
    if (!field) return;
    event.preventDefault();
    (target.closest(".field") || target).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
});
