// Renders the OpenAPI document as plain HTML: endpoints, parameters, headers, examples,
// every error with its own example, and the webhooks the service sends.
(function () {
  "use strict";
  var spec;
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function pre(value) { return el("pre", {}, [JSON.stringify(value, null, 2)]); }
  // Follows a local "$ref" ("#/components/...") to what it names.
  function resolve(node) {
    var seen = 0;
    while (node && node.$ref && seen < 10) {
      node = node.$ref.replace(/^#\//, "").split("/").reduce(function (at, key) {
        return at ? at[key] : undefined;
      }, spec);
      seen += 1;
    }
    return node;
  }
  function refName(node) { return node && node.$ref ? node.$ref.split("/").pop() : ""; }
  function schemaText(schema) {
    if (!schema) { return ""; }
    if (schema.$ref) {
      var target = resolve(schema);
      return refName(schema) + (target && target["enum"] ? ": " + target["enum"].join(" | ") : "");
    }
    return JSON.stringify(schema);
  }
  function parameters(list) {
    var table = el("table", {}, [el("tr", {}, [el("th", {}, ["parameter"]), el("th", {}, ["in"]),
      el("th", {}, ["schema"]), el("th", {}, ["description"])])]);
    list.forEach(function (raw) {
      var p = resolve(raw);
      table.appendChild(el("tr", {}, [el("td", {}, [p.name + (p.required ? " *" : "")]),
        el("td", {}, [p["in"]]), el("td", {}, [schemaText(p.schema)]),
        el("td", {}, [p.description || ""])]));
    });
    return table;
  }
  function headers(map) {
    var names = Object.keys(map || {});
    if (!names.length) { return null; }
    return el("p", { "class": "headers" }, ["Headers: " + names.join(", ")]);
  }
  function examples(content) {
    var out = [];
    if (!content) { return out; }
    if (content.example !== undefined) { out.push(pre(content.example)); }
    Object.keys(content.examples || {}).forEach(function (name) {
      var example = resolve(content.examples[name]);
      out.push(el("h4", {}, [example.summary || name]));
      out.push(pre(example.value));
    });
    return out;
  }
  function response(box, status, raw) {
    var r = resolve(raw);
    var name = refName(raw);
    box.appendChild(el("h3", {}, [status + " — " + r.description + (name ? " (" + name + ")" : "")]));
    var h = headers(r.headers);
    if (h) { box.appendChild(h); }
    var content = r.content || {};
    var json = content["application/json"];
    examples(json).forEach(function (node) { box.appendChild(node); });
    if (content["application/problem+json"]) {
      box.appendChild(el("p", { "class": "small" }, [
        "Also as application/problem+json (RFC 9457) when the request's Accept prefers it."]));
    }
  }
  function operation(root, method, path, op, anchor) {
    var box = el("section", { "class": "op", id: anchor }, [
      el("h2", {}, [el("span", { "class": "method " + method }, [method]), " ",
        el("span", { "class": "path" }, [path])]),
      el("p", {}, [op.summary || ""]),
    ]);
    if (op.description) { box.appendChild(el("p", {}, [op.description])); }
    var scopes = (op.security || []).map(function (s) { return (s.bearerAuth || []).join(" or "); });
    if (scopes.length) { box.appendChild(el("p", { "class": "scopes" }, ["Scope: " + scopes.join(", ")])); }
    if (op.parameters && op.parameters.length) { box.appendChild(parameters(op.parameters)); }
    if (op.requestBody) {
      var body = op.requestBody.content["application/json"];
      box.appendChild(el("h3", {}, ["Request body: " + schemaText(body.schema)]));
      box.appendChild(pre(body.example || resolve(body.schema)));
    }
    Object.keys(op.responses).forEach(function (status) { response(box, status, op.responses[status]); });
    root.appendChild(box);
  }
  function errorCatalogue(root) {
    var seen = {};
    var section = el("section", { "class": "op", id: "errors" }, [el("h2", {}, ["Errors"]),
      el("p", {}, ["Every error code the API answers with, and an example of each. A problem " +
        "document's type points here."])]);
    var responses = (spec.components || {}).responses || {};
    Object.keys(responses).forEach(function (name) {
      var json = (responses[name].content || {})["application/json"];
      Object.keys((json && json.examples) || {}).forEach(function (code) {
        if (seen[code]) { return; }
        seen[code] = true;
        section.appendChild(el("h3", { id: "error-" + code }, [code + " — " + responses[name].description]));
        section.appendChild(pre(json.examples[code].value));
      });
    });
    root.appendChild(section);
  }
  function render(loaded) {
    spec = loaded;
    var root = document.getElementById("docs");
    root.textContent = "";
    root.appendChild(el("p", { "class": "intro" }, [spec.info.description || ""]));
    Object.keys(spec.paths).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        var op = spec.paths[path][method];
        operation(root, method, path, op, op.operationId);
      });
    });
    errorCatalogue(root);
    var hooks = spec.webhooks || {};
    if (Object.keys(hooks).length) {
      root.appendChild(el("h2", { id: "webhooks" }, ["Webhooks the service sends"]));
      Object.keys(hooks).forEach(function (name) {
        operation(root, "post", name, hooks[name].post, "webhook-" + name);
      });
    }
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target) { target.scrollIntoView(); }
    }
  }
  fetch("/api/v1/openapi.json").then(function (r) { return r.json(); }).then(render, function (e) {
    document.getElementById("docs").textContent = "Could not load the API description: " + e;
  });
})();
