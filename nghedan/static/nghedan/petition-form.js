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

  // Suggestions read from what the citizen wrote: a topic and the place named in the
  // text. Nothing changes until the citizen presses "use".
  var box = document.getElementById("suggestions");
  var title = form.querySelector("[name=title]");
  var body = form.querySelector("[name=body]");
  var topic = form.querySelector("select[name=topic]");
  if (!box || !body) return;
  var timer = null;

  function offer(label, text, apply) {
    var line = document.createElement("p");
    line.appendChild(document.createTextNode(label + ": "));
    var strong = document.createElement("strong");
    strong.textContent = text;
    line.appendChild(strong);
    line.appendChild(document.createTextNode(" "));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = box.getAttribute("data-use-label");
    button.addEventListener("click", function () { apply(); line.remove(); if (!box.querySelector("button")) box.hidden = true; });
    line.appendChild(button);
    box.appendChild(line);
  }

  function suggest() {
    if ((body.value || "").trim().length < 20) return;
    var data = new FormData();
    data.append("title", title ? title.value : "");
    data.append("body", body.value);
    var kind = form.querySelector("input[name=kind]:checked");
    data.append("kind", kind ? kind.value : "");
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(box.getAttribute("data-url"), { method: "POST", body: data, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        box.textContent = "";
        if (!result) { box.hidden = true; return; }
        if (result.topic && topic && topic.value !== String(result.topic.id)) {
          offer(box.getAttribute("data-topic-label"), result.topic.name + " (" + Math.round(result.topic.confidence * 100) + "%)", function () {
            topic.value = String(result.topic.id);
          });
        }
        var area = result.area;
        if (area && commune.value !== area.commune_code && !(area.level === "province" && province.value === area.province_code)) {
          offer(box.getAttribute("data-area-label"), area.name, function () {
            province.value = area.province_code;
            load(area.commune_code);
          });
        }
        if (result.agency) {
          var note = document.createElement("p");
          note.className = "hint";
          note.textContent = box.getAttribute("data-agency-label") + ": " + result.agency.name;
          box.appendChild(note);
        }
        box.hidden = !box.children.length;
      })
      .catch(function () { box.hidden = true; });
  }
  function later() { clearTimeout(timer); timer = setTimeout(suggest, 800); }
  body.addEventListener("input", later);
  if (title) title.addEventListener("input", later);
})();
