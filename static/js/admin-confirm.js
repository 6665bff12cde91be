// Back-office: actions that cannot be undone ask first (issue 15 item 11). Loaded on every admin
// screen by home/wagtail_hooks.py; a static file, so the Content-Security-Policy allows it.
(function () {
  "use strict";
  var QUESTIONS = {
    "action-cancel-workflow":
      "Hủy quy trình duyệt? Trang trở lại bản nháp và các bước duyệt đã qua không còn hiệu lực.",
  };
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest && event.target.closest("button[name], input[type=submit][name]");
      if (!button || !QUESTIONS[button.name]) return;
      if (!window.confirm(QUESTIONS[button.name])) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
