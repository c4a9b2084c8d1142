/* 支部通: the little behaviour the pages have. Loaded from the site itself (no inline script),
   so the Content-Security-Policy can forbid every other script. Without JavaScript every page
   still works: fields stay visible, confirmations are skipped, forms submit with a button. */
(function () {
  "use strict";

  // <form data-confirm="…">: ask before submitting
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // <select data-autosubmit>: submit its form when the choice changes (the language switcher)
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
    // the chooser of a <form data-shown-by> (below)
    if (el.form && el.form.hasAttribute("data-shown-by") &&
        el.name === el.form.getAttribute("data-shown-by")) syncShown(el.form);
    // <input type="checkbox" data-check-all="SELECTOR">: tick or untick every box it names
    var selector = el.getAttribute && el.getAttribute("data-check-all");
    if (selector) {
      document.querySelectorAll(selector).forEach(function (box) { box.checked = el.checked; });
    }
  });

  // <button data-print>: print the page
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) window.print();
  });

  // <form data-shown-by="NAME">: the form's select NAME decides which fields apply; a field
  // marked data-shown-for="VALUE …" shows only for those values (the kinds of a meeting, the
  // steps of development). A field with an error stays visible; without script all show.
  function syncShown(form) {
    var select = form.elements[form.getAttribute("data-shown-by")];
    if (!select) return;
    form.querySelectorAll("[data-shown-for]").forEach(function (el) {
      var wanted = el.getAttribute("data-shown-for").split(" ").indexOf(select.value) >= 0;
      el.hidden = !wanted && !el.classList.contains("has-error");
    });
  }

  // <div data-live-refresh="URL" data-refresh-seconds="N">: replace its content with URL's
  // every N seconds (the sign-in screen: its QR code and the names as they arrive). A failed
  // fetch keeps what is shown and tries again.
  function liveRefresh(el) {
    var url = el.getAttribute("data-live-refresh");
    var seconds = parseInt(el.getAttribute("data-refresh-seconds"), 10) || 10;
    window.setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
        .then(function (html) { if (html !== null) el.innerHTML = html; })
        .catch(function () {});
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-refresh]").forEach(liveRefresh);
    document.querySelectorAll("form[data-shown-by]").forEach(syncShown);

    // on a narrow screen the section tabs scroll: bring the current one into view
    var current = document.querySelector(".sections [aria-current]");
    if (current) current.scrollIntoView({ block: "nearest", inline: "nearest" });

    // the error notice: a link whose field is drawn by hand, or an error of the whole form,
    // leads to the first message marked on the page
    var first = document.querySelector("main .has-error, main .error, main .errorlist");
    document.querySelectorAll(".error-summary a").forEach(function (link) {
      var id = link.getAttribute("href").slice(1);
      if ((id && document.getElementById(id)) || !first) return;
      if (!first.id) first.id = "first-error";
      link.setAttribute("href", "#" + first.id);
    });
  });
})();
