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

// The description's live count (words and the characters the server counts, its limit stated) and
// the note on denunciations, shown when "Tố cáo" is chosen (without JavaScript it is always shown).
(function () {
  "use strict";
  var text = document.getElementById("id_text");
  var counter = document.getElementById("dem-tu");
  var kind = document.getElementById("id_kind");
  var rule = document.getElementById("luu-y-to-cao");

  function vn(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  if (text && counter) {
    var max = parseInt(counter.dataset.max, 10);
    var min = parseInt(counter.dataset.min, 10);
    var count = function () {
      var value = text.value.trim();
      var words = value ? value.split(/\s+/).length : 0;
      // The browser sends line breaks as CR LF: the server counts two characters for each.
      var chars = value.replace(/\r?\n/g, "\r\n").length;
      var msg = "Đã viết " + vn(words) + " từ, " + vn(chars) + "/" + vn(max) + " ký tự";
      if (chars > max) msg += ": vượt quá giới hạn, xin rút gọn " + vn(chars - max) + " ký tự.";
      else if (chars < min) msg += " (cần ít nhất " + vn(min) + " ký tự).";
      else msg += " (còn " + vn(max - chars) + " ký tự).";
      counter.textContent = msg;
      counter.classList.toggle("counter-over", chars > max);
    };
    counter.hidden = false;
    text.setAttribute("aria-describedby", "dem-tu");
    text.addEventListener("input", count);
    count();
  }

  if (kind && rule) {
    var toggle = function () { rule.hidden = kind.value !== "denunciation"; };
    kind.addEventListener("change", toggle);
    toggle();
  }
})();
