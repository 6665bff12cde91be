// Page editor: filter the commune ticks by name, diacritics ignored, and count the ticked ones.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function init(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = "1";
    var filter = picker.querySelector("[data-commune-filter]");
    var count = picker.querySelector("[data-commune-count]");
    var items = Array.prototype.slice.call(picker.querySelectorAll("[data-commune-name]"));
    function recount() {
      count.textContent = picker.querySelectorAll("input[type=checkbox]:checked").length;
    }
    filter.addEventListener("input", function () {
      var wanted = fold(filter.value.trim());
      items.forEach(function (item) {
        item.hidden = wanted !== "" && fold(item.dataset.communeName).indexOf(wanted) === -1;
      });
    });
    picker.addEventListener("change", recount);
    recount();
  }
  function all() {
    document.querySelectorAll("[data-commune-picker]").forEach(init);
  }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("w-formset:added", all);
  all();
})();
