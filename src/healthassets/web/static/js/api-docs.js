// Starts Swagger UI (served from /static/vendor/swagger-ui by `make static`) on the API's OpenAPI document.
(function () {
  var element = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: element.getAttribute("data-openapi-url"),
    domNode: element,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
