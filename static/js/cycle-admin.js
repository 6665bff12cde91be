// Hồ sơ vụ việc: choosing an answer template puts its text in the draft (asking first if a draft is there).
document.addEventListener("change", function (event) {
  var select = event.target.closest("[data-cycle-template]");
  if (!select || select.value === "") return;
  var template = document.getElementById("mau-tra-loi-" + select.value);
  var box = select.closest("section").querySelector("form textarea[name=text]");
  if (!template || !box) return;
  if (box.value.trim() && !window.confirm("Thay nội dung dự thảo đang có bằng mẫu trả lời đã chọn?")) return;
  box.value = template.content.textContent;
  box.focus();
});
