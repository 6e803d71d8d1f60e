// The listing form's repeated blocks (services, locations, areas, contacts, phones), added
// and removed in place. Without this script, "Add another …" and "Remove" are submit buttons
// the server handles (the page comes back with focus on the new block); with it, the page
// stays where it is and focus moves to the new block, or to what follows a removed one.
//
// Each list is a [data-repeat] element holding [data-block] blocks, a <template> of a blank
// block whose names hold a placeholder (data-placeholder) for its index, and the add button
// [data-add]. A new block takes an index never used on this page (data-next), so it can not
// pick up a removed block's hidden fields.
(function () {
  "use strict";
  var form = document.querySelector("form[data-listing-form]");
  if (!form) return;
  var announcer = form.querySelector("[data-announce]");

  function say(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 60);
  }

  function blocksOf(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.hasAttribute("data-block");
    });
  }

  function heading(block) {
    var title = block.querySelector("[data-numbered]");
    return title ? title.textContent.trim() : "";
  }

  // "Service 3", "Remove service 3": the numbers follow the order on the page.
  function renumber(list) {
    blocksOf(list).forEach(function (block, position) {
      block.querySelectorAll("[data-numbered]").forEach(function (element) {
        if (element.closest("[data-block]") !== block) return;
        element.textContent = element.textContent.replace(/\d+/, String(position + 1));
      });
    });
    var add = list.querySelector(":scope > [data-add]");
    var max = parseInt(list.getAttribute("data-max") || "0", 10);
    if (add && max) add.hidden = blocksOf(list).length >= max;
  }

  function firstField(block) {
    return block.querySelector("input:not([type=hidden]):not([type=submit]), select, textarea");
  }

  // A location's offered-at boxes live in the services on the same one-page form: there the
  // server renumbers them, so adding or removing a location goes through it.
  function serverOnly(list) {
    var placesOnPage = form.querySelector('input[name$="-offered_at"]');
    var inLocations = list.querySelector('[name^="locations-"]') &&
      !list.closest(".block--phones");
    return Boolean(placesOnPage && inLocations);
  }

  function add(list) {
    var template = list.querySelector(":scope > template");
    var placeholder = list.getAttribute("data-placeholder");
    var index = parseInt(list.getAttribute("data-next") || "0", 10);
    list.setAttribute("data-next", String(index + 1));
    var html = template.innerHTML.split(placeholder).join(String(index));
    template.insertAdjacentHTML("beforebegin", html);
    var blocks = blocksOf(list);
    var block = blocks[blocks.length - 1];
    renumber(list);
    var field = firstField(block);
    if (field) field.focus();
    say(form.getAttribute("data-added").replace("%s", heading(block) || String(blocks.length)));
  }

  function remove(block) {
    var list = block.parentElement;
    var title = heading(block);
    var blocks = blocksOf(list);
    var next = blocks[blocks.indexOf(block) + 1] || blocks[blocks.indexOf(block) - 1];
    // Its hidden row key goes too: the saved row it stood for is removed with it.
    var prefix = (firstField(block) || {name: ""}).name.replace(/-[^-]+$/, "-");
    if (prefix.length > 1) {
      form.querySelectorAll('input[type=hidden][name^="' + prefix + '"]').forEach(function (input) {
        if (!block.contains(input) && /^(key|origin)$/.test(input.name.slice(prefix.length))) {
          input.remove();
        }
      });
    }
    block.remove();
    if (!blocksOf(list).length) {
      add(list);
    } else {
      renumber(list);
      var target = next && firstField(next);
      (target || list.querySelector(":scope > [data-add]")).focus();
    }
    say(form.getAttribute("data-removed").replace("%s", title));
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add], [data-remove]");
    if (!button || !form.contains(button)) return;
    if (button.hasAttribute("data-add")) {
      var list = button.closest("[data-repeat]");
      if (!list || serverOnly(list)) return;
      event.preventDefault();
      add(list);
    } else {
      var block = button.closest("[data-block]");
      if (!block || serverOnly(block.parentElement)) return;
      event.preventDefault();
      remove(block);
    }
  });

  form.querySelectorAll("[data-repeat]").forEach(renumber);
})();
