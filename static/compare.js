// Partner highlighting on the comparison pages: clicking a claim (or pressing Enter/Space on
// it) marks every element of the same row (data-row) or claim group (data-group).
// Everything else works without JavaScript; all text highlighting is done on the server.
(function () {
  "use strict";
  var ACTIVE = "is-partner";

  function clear() {
    document.querySelectorAll("." + ACTIVE).forEach(function (el) { el.classList.remove(ACTIVE); });
    document.querySelectorAll('.claim[aria-pressed="true"]').forEach(function (el) {
      el.setAttribute("aria-pressed", "false");
    });
  }

  function partners(claim) {
    var key = claim.dataset.row ? '[data-row="' + claim.dataset.row + '"]' : '[data-group="' + claim.dataset.group + '"]';
    return document.querySelectorAll(".claim" + key);
  }

  function toggle(claim) {
    var wasOn = claim.getAttribute("aria-pressed") === "true";
    clear();
    if (wasOn) { return; }
    claim.setAttribute("aria-pressed", "true");
    partners(claim).forEach(function (el) { el.classList.add(ACTIVE); });
  }

  document.addEventListener("click", function (event) {
    var claim = event.target.closest(".claim[data-row], .claim[data-group]");
    if (claim && !event.target.closest("a")) { toggle(claim); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var claim = event.target.closest && event.target.closest(".claim[tabindex]");
    if (claim) { event.preventDefault(); toggle(claim); }
  });
})();
