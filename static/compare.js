// Partner highlighting on the comparison pages: clicking a claim (or pressing Enter/Space on
// it) marks the sentences it is aligned with (data-partners, refs "<source id>:<position>")
// and the row's pair lines naming it; elsewhere (the matrix) every element of its claim group.
// The "worded differently" switch shows or hides the wording highlights without a reload.
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
    if (claim.dataset.seg !== undefined) {
      var refs = (claim.dataset.partners || "").split(" ").filter(Boolean);
      var out = [claim];
      refs.forEach(function (ref) {
        document.querySelectorAll('.claim[data-seg="' + ref + '"]').forEach(function (el) { out.push(el); });
        document.querySelectorAll(".row-pair").forEach(function (li) {
          var pairRefs = li.dataset.pair.split(" ");
          if (pairRefs.indexOf(ref) >= 0 && pairRefs.indexOf(claim.dataset.seg) >= 0) { out.push(li); }
        });
      });
      return out;
    }
    var key = claim.dataset.row ? '[data-row="' + claim.dataset.row + '"]' : '[data-group="' + claim.dataset.group + '"]';
    return Array.prototype.slice.call(document.querySelectorAll(".claim" + key));
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

  var wording = document.getElementById("show-wording");
  if (wording) {
    // With JavaScript the switch applies at once; the form's button is for pages without it.
    document.querySelectorAll(".wording-apply").forEach(function (b) { b.hidden = true; });
    wording.addEventListener("change", function () {
      document.querySelectorAll(".wording-scope").forEach(function (el) {
        el.classList.toggle("show-wording", wording.checked);
      });
      var link = new URL(window.location.href);
      if (wording.checked) { link.searchParams.set("wording", "1"); } else { link.searchParams.delete("wording"); }
      window.history.replaceState(null, "", link);
    });
  }
})();
