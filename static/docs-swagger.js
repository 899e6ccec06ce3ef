// Starts the vendored Swagger UI on /docs (a file, not an inline script: the CSP allows none).
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    showExtensions: true,
  });
})();
