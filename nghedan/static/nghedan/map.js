// Maps, drawn with the copy of Leaflet the site serves (static/vendor/leaflet). Each map
// only adds to the page: without JavaScript, or when the tiles do not load, the petition
// form keeps its latitude and longitude fields and the public list its links. A click on
// the map sets the place even where no tile is drawn.
(function () {
  "use strict";
  var L = window.L;
  if (!L) return;
  var VIETNAM = [16.0, 106.5];
  var VIETNAM_ZOOM = 5;
  var PLACE_ZOOM = 16;

  function markerIcon(box) {
    return L.icon({
      iconUrl: box.getAttribute("data-icon"),
      iconRetinaUrl: box.getAttribute("data-icon-retina"),
      shadowUrl: box.getAttribute("data-shadow"),
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41]
    });
  }

  function baseMap(box) {
    // A page scrolls past the map with one finger or the wheel; the map moves when touched
    // on purpose (two fingers to zoom, the buttons, a drag).
    var map = L.map(box, { scrollWheelZoom: false });
    map.attributionControl.setPrefix("<a href=\"https://leafletjs.com\">Leaflet</a>");
    L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: 19,
      attribution: box.getAttribute("data-attribution") || ""
    }).addTo(map);
    return map;
  }

  function sixDecimals(value) {
    return (Math.round(value * 1e6) / 1e6).toFixed(6);
  }

  // --- the petition form: where it happened ------------------------------------------
  function placePicker() {
    var form = document.getElementById("petition-form");
    var group = document.getElementById("place-map-group");
    var box = document.getElementById("place-map");
    if (!form || !group || !box) return;
    var latitude = form.querySelector("input[name=latitude]");
    var longitude = form.querySelector("input[name=longitude]");
    if (!latitude || !longitude) return;
    group.hidden = false;
    var map = baseMap(box);
    var icon = markerIcon(box);
    var marker = null;

    function typed() {
      var lat = parseFloat(latitude.value);
      var lng = parseFloat(longitude.value);
      if (!isFinite(lat) || !isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
      return L.latLng(lat, lng);
    }
    function write(point) {
      var wrapped = point.wrap();
      latitude.value = sixDecimals(wrapped.lat);
      longitude.value = sixDecimals(wrapped.lng);
    }
    function show(point) {
      if (marker) {
        marker.setLatLng(point);
        return;
      }
      marker = L.marker(point, { draggable: true, icon: icon, title: box.getAttribute("aria-label") || "" });
      marker.on("dragend", function () { write(marker.getLatLng()); });
      marker.addTo(map);
    }
    function choose(point) {
      show(point);
      write(point);
    }

    var start = typed();
    if (start) {
      map.setView(start, PLACE_ZOOM);
      show(start);
    } else {
      map.setView(VIETNAM, VIETNAM_ZOOM);
    }
    map.on("click", function (event) { choose(event.latlng); });
    function fromFields() {
      var point = typed();
      if (!point) return;
      show(point);
      map.panTo(point);
    }
    latitude.addEventListener("change", fromFields);
    longitude.addEventListener("change", fromFields);

    var locate = document.getElementById("locate-me");
    var status = document.getElementById("locate-status");
    if (!locate || !status || !navigator.geolocation) return;
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = status.getAttribute("data-locating");
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var here = L.latLng(position.coords.latitude, position.coords.longitude);
          choose(here);
          map.setView(here, PLACE_ZOOM);
          status.textContent = status.getAttribute("data-found");
          locate.disabled = false;
        },
        function () {
          status.textContent = status.getAttribute("data-failed");
          locate.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  // --- the public list: where the answers on this page are ---------------------------
  function answersMap() {
    var box = document.getElementById("answers-map");
    var list = document.getElementById("answers-list");
    if (!box || !list) return;
    var points = [];
    Array.prototype.forEach.call(list.querySelectorAll("li[data-lat][data-lng]"), function (item) {
      var lat = parseFloat(item.getAttribute("data-lat"));
      var lng = parseFloat(item.getAttribute("data-lng"));
      var link = item.querySelector("a");
      if (isFinite(lat) && isFinite(lng) && link) points.push({ at: L.latLng(lat, lng), link: link });
    });
    if (!points.length) return;
    box.hidden = false;
    var map = baseMap(box);
    var icon = markerIcon(box);
    var bounds = L.latLngBounds([]);
    points.forEach(function (point) {
      var title = point.link.textContent;
      var popup = document.createElement("a");
      popup.href = point.link.href;
      popup.textContent = title;
      L.marker(point.at, { icon: icon, title: title, alt: title }).bindPopup(popup).addTo(map);
      bounds.extend(point.at);
    });
    map.fitBounds(bounds.pad(0.2), { maxZoom: PLACE_ZOOM });
  }

  placePicker();
  answersMap();
})();
