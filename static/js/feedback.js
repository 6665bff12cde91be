// The feedback page without a framework: a searchable commune list and similar open cases.
// Without JavaScript the page still works: the select lists every commune.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form) return;
  var search = document.getElementById("tim-dia-ban");
  var select = document.getElementById("id_area");
  var field = document.getElementById("id_field");
  var text = document.getElementById("id_text");
  var box = document.getElementById("y-kien-tuong-tu");

  function norm(s) { return (s || "").normalize("NFC").trim().toLowerCase(); }

  if (search && select) {
    search.addEventListener("input", function () {
      var wanted = norm(search.value);
      for (var i = 0; i < select.options.length; i++) {
        if (norm(select.options[i].text) === wanted) {
          select.selectedIndex = i;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          return;
        }
      }
    });
  }

  var timer = null;
  function refresh() {
    if (!select.value || !field.value) { box.innerHTML = ""; return; }
    var url = form.dataset.similarUrl + "?" + new URLSearchParams({
      field: field.value, area: select.value, text: (text.value || "").slice(0, 2000)
    });
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { box.innerHTML = html; })
      .catch(function () { /* suggestions are a help, never a blocker */ });
  }
  function later() { clearTimeout(timer); timer = setTimeout(refresh, 400); }
  [field, select].forEach(function (el) { el && el.addEventListener("change", refresh); });
  text && text.addEventListener("input", later);
})();
