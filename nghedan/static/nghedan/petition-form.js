// Progressive enhancement of the petition form: the commune list follows the chosen
// province. Without JavaScript the server still checks that the two match.
(function () {
  "use strict";
  var form = document.getElementById("petition-form");
  if (!form) return;
  var province = form.querySelector("select[name=province]");
  var commune = form.querySelector("select[name=commune]");
  var group = document.getElementById("commune-group");
  if (!province || !commune || !group) return;
  var url = group.getAttribute("data-communes-url");
  var emptyLabel = commune.options.length ? commune.options[0].text : "";

  function load(selected) {
    commune.length = 0;
    commune.add(new Option(emptyLabel, ""));
    if (!province.value) return;
    fetch(url + "?province=" + encodeURIComponent(province.value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        data.results.forEach(function (area) {
          commune.add(new Option(area.name, area.code, false, area.code === selected));
        });
      });
  }
  province.addEventListener("change", function () { load(""); });
  if (province.value && commune.options.length <= 1) load(commune.getAttribute("data-selected") || "");
})();
