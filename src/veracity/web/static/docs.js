// A small, self-hosted reader of /openapi.json (FastAPI's default docs page loads its scripts from a CDN).
(function () {
  "use strict";
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // The API's descriptions mark code with backticks (`x`, or ``x`` as in its docstrings): each such span
  // becomes a <code> element holding the text, the rest plain Text nodes; nothing is parsed as HTML.
  var CODE_SPAN = /(`+)([^`]+?)\1/g;

  function withCode(node, text) {
    var rest = String(text === undefined || text === null ? "" : text), last = 0, match;
    CODE_SPAN.lastIndex = 0;
    while ((match = CODE_SPAN.exec(rest)) !== null) {
      node.append(rest.slice(last, match.index), el("code", null, match[2]));
      last = CODE_SPAN.lastIndex;
    }
    node.append(rest.slice(last));
    return node;
  }

  function described(tag, text) { return withCode(el(tag), text); }

  function schemaText(schema) {
    if (!schema) return "";
    if (schema.$ref) return schema.$ref.split("/").pop();
    if (schema.anyOf) return schema.anyOf.map(schemaText).join(" | ");
    return schema.type || (schema.description ? "" : "any");
  }
  fetch("/openapi.json").then(function (r) { return r.json(); }).then(function (spec) {
    document.getElementById("api-title").textContent = spec.info.title + " API " + spec.info.version;
    withCode(document.getElementById("api-description"), spec.info.description || "");
    var routes = document.getElementById("routes");
    routes.replaceChildren();
    Object.keys(spec.paths).forEach(function (path) {
      var methods = spec.paths[path];
      Object.keys(methods).forEach(function (method) {
        var op = methods[method];
        var section = el("section", "person");
        var heading = el("h2");
        heading.append(el("code", null, method.toUpperCase() + " " + path));
        section.append(heading, described("p", op.summary || ""));
        var params = (op.parameters || []);
        if (params.length) {
          var list = el("ul");
          params.forEach(function (p) {
            list.append(described("li", p.name + " (" + p["in"] + (p.required ? ", required" : "") + ") " +
                                  schemaText(p.schema) + (p.description ? " — " + p.description : "")));
          });
          section.append(el("h3", null, "Parameters"), list);
        }
        if (op.requestBody) {
          var bodies = el("ul");
          Object.keys(op.requestBody.content || {}).forEach(function (type) {
            var schema = op.requestBody.content[type].schema || {};
            var fields = schema.properties ? Object.keys(schema.properties).join(", ") : (schema.description || schemaText(schema));
            bodies.append(described("li", type + (fields ? ": " + fields : "")));
          });
          section.append(el("h3", null, "Body"), bodies);
        }
        var answers = el("ul");
        Object.keys(op.responses || {}).forEach(function (code) {
          answers.append(described("li", code + " " + (op.responses[code].description || "")));
        });
        section.append(el("h3", null, "Answers"), answers);
        routes.append(section);
      });
    });
  }).catch(function (error) {
    document.getElementById("routes").replaceChildren(el("p", "error", "Could not read /openapi.json: " + error));
  });
})();
