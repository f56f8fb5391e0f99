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
