/* The results map on /search. Progressive: the page is complete without it (the list is the
   primary view); this script only reveals and fills the map panel.

   Data comes from <script type="application/json" id="map-data"> (never executed) and from
   data- attributes of #results-map. Tiles are loaded only when the site sets MAP_TILE_URL;
   otherwise province and territory outlines served by this site are drawn. No other request
   is made. Every text goes into the page as text, never as HTML. */
(function () {
  "use strict";

  var WIDE_SCREEN = "(min-width: 881px)";

  function readData() {
    var node = document.getElementById("map-data");
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  function escapeText(text) {
    var holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML;
  }

  /* Organizations within about a kilometre of one another (several in one city centre)
     share one marker, so none hides under another. */
  function groupByPoint(markers) {
    var groups = {};
    var order = [];
    markers.forEach(function (marker) {
      var key = marker.lat.toFixed(2) + "," + marker.lng.toFixed(2);
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(marker);
    });
    return order.map(function (key) {
      return groups[key];
    });
  }

  function popupContent(entries) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var list = document.createElement("ul");
    list.className = "map-popup__list";
    entries.forEach(function (marker) {
      var item = document.createElement("li");
      var name = document.createElement("a");
      name.className = "map-popup__name";
      name.href = marker.url;
      name.textContent = marker.name;
      item.appendChild(name);
      var where = document.createElement("p");
      where.className = "map-popup__where";
      where.textContent = marker.note ? marker.where + " · " + marker.note : marker.where;
      item.appendChild(where);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function markerLabel(entries, text) {
    if (entries.length === 1) {
      var only = entries[0];
      return [only.name, only.where, only.note].filter(Boolean).join(", ");
    }
    var names = entries.map(function (marker) {
      return marker.name;
    });
    return text.several.replace("{num}", entries.length) + ": " + names.join("; ");
  }

  function addBackground(map, element) {
    var tileUrl = element.getAttribute("data-tile-url");
    if (tileUrl) {
      L.tileLayer(tileUrl, {
        attribution: element.getAttribute("data-tile-attribution") || "",
        maxZoom: 18,
      }).addTo(map);
      return;
    }
    map.attributionControl.addAttribution(
      escapeText(element.getAttribute("data-outlines-attribution") || "")
    );
    fetch(element.getAttribute("data-outlines-url"), { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (outlines) {
        if (!outlines) return;
        var layer = L.geoJSON(outlines, {
          interactive: false,
          style: { className: "map-outline", weight: 1 },
        }).addTo(map);
        layer.bringToBack();
      })
      .catch(function () {
        /* The markers still work without outlines. */
      });
  }

  function addMarkers(map, data) {
    var all = [];
    var nearby = [];
    groupByPoint(data.markers).forEach(function (entries) {
      var point = [entries[0].lat, entries[0].lng];
      var isNearby = entries.some(function (marker) {
        return marker.group === "nearby";
      });
      var several = entries.length > 1;
      var icon = L.divIcon({
        className:
          "map-marker map-marker--" + (isNearby ? "nearby" : "serves") +
          (several ? " map-marker--several" : ""),
        html: several ? String(entries.length) : "",
        iconSize: several ? [26, 26] : [18, 18],
        iconAnchor: several ? [13, 13] : [9, 9],
        popupAnchor: [0, -8],
      });
      var layer = L.marker(point, { icon: icon, keyboard: true, riseOnHover: true });
      layer.bindPopup(popupContent(entries), {
        maxWidth: 280,
        autoPanPaddingTopLeft: [52, 12], // clear of the zoom buttons
        autoPanPaddingBottomRight: [12, 12],
      });
      layer.addTo(map);
      var element = layer.getElement();
      element.setAttribute("aria-label", markerLabel(entries, data.text));
      element.setAttribute("title", markerLabel(entries, data.text));
      layer.on("popupopen", function (event) {
        var popup = event.popup.getElement();
        var link = popup.querySelector("a.map-popup__name");
        if (link) link.focus();
        if (!popup.hasAttribute("data-escape-closes")) {
          popup.setAttribute("data-escape-closes", "");
          popup.addEventListener("keydown", function (keyEvent) {
            if (keyEvent.key === "Escape") map.closePopup();
          });
        }
      });
      layer.on("popupclose", function (event) {
        // Focus was in the popup, which fades out: give it back to the marker.
        var popup = event.popup.getElement();
        var active = document.activeElement;
        if (active === document.body || (popup && popup.contains(active))) element.focus();
      });
      all.push(point);
      if (isNearby) nearby.push(point);
    });
    return nearby.length ? nearby : all;
  }

  function addPlace(map, place) {
    var centre = [place.lat, place.lng];
    var circle = L.circle(centre, {
      radius: place.radius_km * 1000,
      interactive: false,
      className: "map-radius",
    }).addTo(map);
    L.marker(centre, {
      icon: L.divIcon({ className: "map-place", iconSize: [14, 14], iconAnchor: [7, 7] }),
      interactive: false,
      keyboard: false,
      zIndexOffset: -1000, // under the organizations' markers
    }).addTo(map);
    return circle.getBounds();
  }

  function build(element, data) {
    var map = L.map(element, { minZoom: 2, maxZoom: 14, zoomSnap: 0.5 });
    map.setView([56, -96], 3); // markers join the page only once the map has a view
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com/" rel="noreferrer">Leaflet</a>'
    );
    addBackground(map, element);
    var focus = addMarkers(map, data);
    var view = L.latLngBounds(focus);
    if (data.place) view = view.extend(addPlace(map, data.place));
    // Province outlines carry no detail up close: without tiles, stay at a regional zoom.
    var closest = element.getAttribute("data-tile-url") ? 11 : 6;
    if (view.isValid()) map.fitBounds(view, { padding: [24, 24], maxZoom: closest });
    return map;
  }

  function start() {
    var section = document.querySelector("[data-results-map]");
    var element = document.getElementById("results-map");
    var data = readData();
    if (!section || !element || !data || !data.markers || !data.markers.length) return;
    if (typeof L === "undefined") return;
    var panel = section.querySelector("details");
    var layout = document.querySelector("[data-search-results]");
    section.hidden = false;
    if (layout) layout.classList.add("search-results--with-map");
    var map = null;
    var started = false;
    function show() {
      if (!panel.open) return;
      if (map) {
        map.invalidateSize();
      } else if (!started) {
        started = true;
        map = build(element, data);
      }
    }
    panel.addEventListener("toggle", show);
    if (window.matchMedia(WIDE_SCREEN).matches) panel.open = true;
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
