/* The map of /coverage/gaps: each city coloured by its number of gaps. Progressive: the
   table is the page (and the map's text alternative); this only reveals and fills the map.
   Data from <script type="application/json" id="gaps-map-data"> (never executed); tiles only
   when the site sets MAP_TILE_URL, otherwise this site's province outlines. Text goes into
   the page as text, never as HTML. */
(function () {
  "use strict";

  var COLOURS = [
    [6, "#a3213a"],
    [3, "#d9682b"],
    [1, "#e0b12f"],
    [0, "#2f7d4f"],
  ];

  function colour(gaps) {
    for (var i = 0; i < COLOURS.length; i++) {
      if (gaps >= COLOURS[i][0]) return COLOURS[i][1];
    }
    return COLOURS[COLOURS.length - 1][1];
  }

  function escapeText(text) {
    var holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML;
  }

  function popup(city, text) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = city.name;
    box.appendChild(name);
    var line = document.createElement("p");
    line.textContent = city.gaps
      ? city.gaps + " " + text.gaps + " — " + text.missing + ": " + city.missing
      : text.none;
    box.appendChild(line);
    return box;
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
        L.geoJSON(outlines, {
          interactive: false,
          style: { className: "map-outline", weight: 1 },
        })
          .addTo(map)
          .bringToBack();
      })
      .catch(function () {
        /* The cities still show without outlines. */
      });
  }

  function start() {
    var section = document.querySelector("[data-gaps-map]");
    var element = document.getElementById("gaps-map");
    var node = document.getElementById("gaps-map-data");
    if (!section || !element || !node || typeof L === "undefined") return;
    var data;
    try {
      data = JSON.parse(node.textContent);
    } catch (error) {
      return;
    }
    if (!data.cities || !data.cities.length) return;
    section.hidden = false;
    var map = L.map(element, { minZoom: 2, maxZoom: 12, zoomSnap: 0.5 });
    map.setView([56, -96], 3);
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com/" rel="noreferrer">Leaflet</a>'
    );
    addBackground(map, element);
    var points = [];
    // Fewest gaps first, so the cities with most gaps are drawn on top.
    data.cities
      .slice()
      .sort(function (a, b) {
        return a.gaps - b.gaps;
      })
      .forEach(function (city) {
        var point = [city.lat, city.lng];
        L.circleMarker(point, {
          radius: 6,
          weight: 1,
          color: "#1b2b36",
          fillColor: colour(city.gaps),
          fillOpacity: 0.9,
        })
          .bindPopup(popup(city, data.text))
          .addTo(map);
        points.push(point);
      });
    var bounds = L.latLngBounds(points);
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 6 });
    var panel = section.querySelector("details");
    panel.addEventListener("toggle", function () {
      if (panel.open) map.invalidateSize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
