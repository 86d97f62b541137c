// sitrep's only script: live countdowns and a confirmation before a
// removal. Every page works without it.
"use strict";
(function () {
  function days(due) {
    var d = new Date(due.length === 10 ? due + "T00:00:00Z" : due);
    if (isNaN(d)) return null;
    var now = new Date();
    var today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return Math.round((d.getTime() - today) / 86400000);
  }
  function words(n) {
    if (n === 0) return "today";
    if (n === 1) return "tomorrow";
    if (n === -1) return "yesterday";
    return n > 0 ? "in " + n + " days" : -n + " days ago";
  }
  function tick() {
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var n = days(el.getAttribute("data-due"));
      if (n !== null) el.textContent = words(n);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 60000);
    document.querySelectorAll("[data-confirm]").forEach(function (b) {
      b.addEventListener("click", function (e) {
        if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  });
})();
