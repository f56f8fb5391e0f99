// Behaviour every page shares, kept out of the HTML: the Content-Security-Policy runs no
// inline script. A list marked data-autosubmit sends its form as soon as it changes (the
// form's own button still works without JavaScript); data-autosubmit-clears names a
// field emptied first, as the commune when the province changes.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field || !field.form || !field.hasAttribute || !field.hasAttribute("data-autosubmit")) return;
    var clears = field.getAttribute("data-autosubmit-clears");
    if (clears && field.form.elements[clears]) field.form.elements[clears].value = "";
    field.form.submit();
  });
})();

// A button marked data-copy copies the text of the element it names (the tracking code
// and secret after filing). Shown only where the browser can copy.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var status = document.querySelector("[data-copied-message]");
        if (status) status.textContent = status.getAttribute("data-copied-message");
        button.classList.add("copied");
      });
    });
  });
})();

// A field marked data-area-search (a commune or province among thousands) suggests names
// from the search endpoint it names as one types; without JavaScript its code is typed.
(function () {
  "use strict";
  document.querySelectorAll("input[data-area-search]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "area-suggestions-" + index;
    input.setAttribute("list", list.id);
    input.after(list);
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || /^\d+$/.test(text) || text === asked) return;
      timer = setTimeout(function () {
        asked = text;
        fetch(input.getAttribute("data-area-search") + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (area) {
              var option = document.createElement("option");
              option.value = area.code;
              option.label = area.name;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();

// A form marked data-inline (a vote, a reaction) is sent without leaving the page: the
// page the server answers with replaces the element the attribute names, and the message
// it flashed is read out. Without JavaScript, or if anything fails, the form is sent as
// usual and the whole page comes back.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-inline")) return;
    var target = document.getElementById(form.getAttribute("data-inline"));
    if (!target) return;
    event.preventDefault();
    var body = new FormData(form, event.submitter || undefined);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById(target.id);
        if (!fresh) throw new Error("missing");
        target.replaceWith(document.importNode(fresh, true));
        var said = page.querySelector(".messages");
        var region = document.querySelector("[data-inline-status]");
        if (region) region.textContent = said ? said.textContent.trim() : "";
      })
      .catch(function () {
        form.removeAttribute("data-inline");
        form.submit();
      });
  });
})();
