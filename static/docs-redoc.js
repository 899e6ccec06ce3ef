// Starts the vendored ReDoc on /redoc (a file, not an inline script: the CSP allows none).
(function () {
  var root = document.getElementById("redoc");
  // ReDoc puts the nonce on the <style> elements it creates (the CSP allows those only).
  // Search runs in a blob: worker, which the CSP (script-src 'self') does not allow.
  Redoc.init(root.dataset.openapiUrl, { nonce: root.dataset.nonce, disableSearch: true }, root);
})();
