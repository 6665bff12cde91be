// The respondent's page: the same skip logic (relevant), choice filters and constraints as the
// server (surveys/expressions.py evaluates the same trees). No library, no outside request.
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey]");
  var dataNode = document.getElementById("survey-data");
  if (!form || !dataNode) return;
  var data = JSON.parse(dataNode.textContent);

  function num(v) {
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    if (Array.isArray(v)) return NaN;
    var s = String(v === null || v === undefined ? "" : v).trim();
    return s === "" ? NaN : Number(s.replace(",", "."));
  }
  function text(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.join(" ");
    return String(v);
  }
  function truthy(v) {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return !isNaN(v) && v !== 0;
    if (Array.isArray(v)) return v.length > 0;
    return v !== "" && v !== null && v !== undefined;
  }
  function compare(op, a, b) {
    var numeric = typeof a === "number" || typeof b === "number";
    if ((op === "=" || op === "!=") && !numeric) return (text(a) === text(b)) === (op === "=");
    var x = num(a), y = num(b);
    if (isNaN(x) || isNaN(y)) return op === "!=";
    return {"=": x === y, "!=": x !== y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op];
  }
  function call(name, a) {
    switch (name) {
      case "selected": return (Array.isArray(a[0]) ? a[0] : text(a[0]).split(/\s+/)).map(text).indexOf(text(a[1])) >= 0;
      case "count-selected": return Array.isArray(a[0]) ? a[0].length : text(a[0]).split(/\s+/).filter(Boolean).length;
      case "string-length": return text(a[0]).length;
      case "regex": return new RegExp(text(a[1])).test(text(a[0]));
      case "not": return !truthy(a[0]);
      case "if": return truthy(a[0]) ? a[1] : a[2];
      case "number": return num(a[0]);
      case "int": return Math.trunc(num(a[0]));
      case "round": return Math.round(num(a[0]));
      case "string": case "concat": return a.map(text).join("");
      case "contains": return text(a[0]).indexOf(text(a[1])) >= 0;
      case "starts-with": return text(a[0]).indexOf(text(a[1])) === 0;
      case "coalesce": return text(a[0]) !== "" ? a[0] : a[1];
      case "today": return new Date().toISOString().slice(0, 10);
      default: return name === "true";
    }
  }
  function evaluate(node, answers, current, row) {
    if (!node) return true;
    switch (node[0]) {
      case "num": case "str": return node[1];
      case "ref": return answers[node[1]] === undefined || answers[node[1]] === null ? "" : answers[node[1]];
      case "self": return current === undefined || current === null ? "" : current;
      case "col": return (row || {})[node[1]] || "";
      case "neg": return -num(evaluate(node[1], answers, current, row));
      case "fn": return call(node[1], node[2].map(function (n) { return evaluate(n, answers, current, row); }));
    }
    var op = node[1], left = evaluate(node[2], answers, current, row);
    if (op === "and") return truthy(left) && truthy(evaluate(node[3], answers, current, row));
    if (op === "or") return truthy(left) || truthy(evaluate(node[3], answers, current, row));
    var right = evaluate(node[3], answers, current, row);
    if (["=", "!=", "<", "<=", ">", ">="].indexOf(op) >= 0) return compare(op, left, right);
    var x = num(left), y = num(right);
    if (op === "+") return x + y;
    if (op === "-") return x - y;
    if (op === "*") return x * y;
    if (y === 0) return NaN;
    return op === "div" ? x / y : x % y;
  }

  function valueOf(q) {
    var box = form.querySelector('[data-q="' + q.name + '"]');
    if (q.type === "select_multiple") {
      return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
    }
    if (q.type === "matrix" || q.type === "rank") {
      var out = {}, any = false;
      box.querySelectorAll("input").forEach(function (i) {
        if ((i.type === "radio" && i.checked) || (i.type === "number" && i.value)) {
          out[i.name.split("__")[1]] = i.value; any = true;
        }
      });
      return any ? out : "";
    }
    var field = box.querySelector("input:checked, select, textarea, input:not([type=radio]):not([type=checkbox])");
    if (!field || (field.type === "checkbox" && !field.checked)) return "";
    var v = field.value.trim();
    if ((q.type === "integer" || q.type === "decimal" || q.type === "rating") && v !== "" && !isNaN(num(v))) return num(v);
    return v;
  }

  function update(showErrors) {
    var answers = Object.assign({}, data.answers), bad = null;
    data.questions.forEach(function (q) {
      var box = form.querySelector('[data-q="' + q.name + '"]');
      if (!box || q.type === "note") return;
      var shown = !q.ast.relevant || truthy(evaluate(q.ast.relevant, answers));
      box.hidden = !shown || q.type === "calculate";
      if (q.ast.choice_filter) {
        box.querySelectorAll("[data-choice]").forEach(function (c) {
          c.hidden = !truthy(evaluate(q.ast.choice_filter, answers, null, {name: c.getAttribute("data-choice")}));
        });
      }
      if (!shown) { delete answers[q.name]; return; }
      var value = q.type === "calculate" ? evaluate(q.ast.calculation, answers) : valueOf(q);
      var empty = value === "" || (Array.isArray(value) && !value.length);
      if (!empty) answers[q.name] = value; else delete answers[q.name];
      var message = "";
      if (empty && q.required) message = q.required_message;
      else if (!empty && q.ast.constraint && !truthy(evaluate(q.ast.constraint, answers, value))) message = q.constraint_message;
      if (showErrors) {
        box.querySelector("[data-error]").textContent = message;
        box.classList.toggle("has-error", !!message);
        if (message && !bad) bad = box;
      }
    });
    return bad;
  }

  form.addEventListener("input", function () { update(false); });
  form.addEventListener("change", function () { update(false); });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.value !== "next") return;
    var bad = update(true);
    if (bad) {
      event.preventDefault();
      var focus = bad.querySelector("input, select, textarea");
      if (focus) focus.focus();
    }
  });
  update(false);
})();
