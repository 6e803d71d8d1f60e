// Shortlist buttons without leaving the page: the form is sent in the background and
// replaced by the one the server renders back ("On your shortlist" / "Remove"), as is every
// other form for the same organization on the page; focus stays on its button and a live
// region announces what happened. Without script (or if
// the request fails) the form posts as usual and the server brings the reader back to the
// card (its anchor in `next`).
(function () {
  "use strict";

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("data-shortlist-status", "");
  document.body.appendChild(status);

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-shortlist-toggle]")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.headers.get("Content-Type") || response.headers.get("Content-Type").indexOf("json") < 0) {
        throw new Error("not json");
      }
      return response.json();
    }).then(function (body) {
      var holder = document.createElement("div");
      holder.innerHTML = body.html;
      var replacement = holder.firstElementChild;
      if (replacement) {
        // The same organization may be on the page more than once (a response card lists it
        // under each role it fills): every one of its buttons now says the same thing.
        var organization = form.getAttribute("data-organization");
        document.querySelectorAll("form[data-shortlist-toggle]").forEach(function (other) {
          if (other !== form && organization && other.getAttribute("data-organization") === organization) {
            other.replaceWith(replacement.cloneNode(true));
          }
        });
        form.replaceWith(replacement);
        var next = replacement.querySelector("button");
        if (next) { next.focus({ preventScroll: true }); }
      } else {
        form.remove();
      }
      announce(body.message);
    }).catch(function () {
      form.submit();  // the plain post: the page reloads at the card
    });
  });
})();
