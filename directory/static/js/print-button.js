// The referral sheet's "Print this sheet" button: shown only when script runs (the page
// already tells how to print without it). No inline script: the CSP forbids it.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
