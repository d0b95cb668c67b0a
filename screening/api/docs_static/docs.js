// Renders the OpenAPI document as plain HTML: endpoints, parameters, examples.
(function () {
  "use strict";
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function pre(value) { return el("pre", {}, [JSON.stringify(value, null, 2)]); }
  function render(spec) {
    var root = document.getElementById("docs");
    root.textContent = "";
    root.appendChild(el("p", { "class": "intro" }, [spec.info.description || ""]));
    Object.keys(spec.paths).forEach(function (path) {
      var item = spec.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        var box = el("section", { "class": "op", id: op.operationId }, [
          el("h2", {}, [el("span", { "class": "method " + method }, [method]), " ",
            el("span", { "class": "path" }, [path])]),
          el("p", {}, [op.summary]),
        ]);
        if (op.description) { box.appendChild(el("p", {}, [op.description])); }
        var scopes = (op.security || []).map(function (s) { return (s.bearerAuth || []).join(" or "); });
        if (scopes.length) { box.appendChild(el("p", { "class": "scopes" }, ["Scope: " + scopes.join(", ")])); }
        if (op.parameters && op.parameters.length) {
          var table = el("table", {}, [el("tr", {}, [el("th", {}, ["parameter"]), el("th", {}, ["in"]), el("th", {}, ["schema"])])]);
          op.parameters.forEach(function (p) {
            table.appendChild(el("tr", {}, [el("td", {}, [p.name]), el("td", {}, [p["in"]]), el("td", {}, [JSON.stringify(p.schema)])]));
          });
          box.appendChild(table);
        }
        if (op.requestBody) {
          var body = op.requestBody.content["application/json"];
          box.appendChild(el("h3", {}, ["Request example"]));
          box.appendChild(pre(body.example || body.schema));
        }
        Object.keys(op.responses).forEach(function (status) {
          var r = op.responses[status];
          box.appendChild(el("h3", {}, [status + " — " + r.description]));
          var c = r.content && r.content["application/json"];
          if (c && c.example) { box.appendChild(pre(c.example)); }
        });
        root.appendChild(box);
      });
    });
  }
  fetch("/api/v1/openapi.json").then(function (r) { return r.json(); }).then(render, function (e) {
    document.getElementById("docs").textContent = "Could not load the API description: " + e;
  });
})();
