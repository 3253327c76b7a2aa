// Show every fragment of the quote in focus, and move focus to a quote's mark from the panel.
(function () {
  "use strict";
  function fragments(mark) {
    return document.querySelectorAll('mark.q[data-quote="' + CSS.escape(mark.dataset.quote) + '"]');
  }
  function setActive(event, active) {
    var mark = event.target.closest && event.target.closest("mark.q");
    if (!mark) return;
    fragments(mark).forEach(function (part) { part.classList.toggle("is-active", active); });
  }
  document.addEventListener("focusin", function (event) { setActive(event, true); });
  document.addEventListener("focusout", function (event) { setActive(event, false); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#q-"]');
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });
})();
