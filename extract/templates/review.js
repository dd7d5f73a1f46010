"use strict";
(function () {
  // No network, no libraries: highlights, side table and filters only.
  var details = document.getElementById("details");
  function select(i, scrollText) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var mark = document.getElementById("item-" + i);
    var row = document.getElementById("row-" + i);
    if (row) {
      row.classList.add("active");
      details.replaceChildren(row.querySelector("dl").cloneNode(true));
      if (!scrollText) { row.scrollIntoView({ block: "nearest" }); }
    }
    if (mark) {
      mark.classList.add("active");
      if (scrollText) { mark.scrollIntoView({ block: "center" }); }
    }
  }
  document.getElementById("text").parentNode.addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark[data-i]");
    if (mark) { select(mark.dataset.i, false); }
  });
  document.getElementById("items").addEventListener("click", function (ev) {
    var row = ev.target.closest("tr[data-i]");
    if (row) { ev.preventDefault(); select(row.dataset.i, true); }
  });
  function applyFilters() {
    var hidden = [];
    document.querySelectorAll("input[data-filter]").forEach(function (box) {
      if (!box.checked) { hidden.push(box.dataset.filter); }
    });
    var onlyBad = document.getElementById("only-ungrounded").checked;
    document.querySelectorAll("tr[data-i]").forEach(function (row) {
      var off = hidden.some(function (k) { return row.classList.contains(k); }) ||
        (onlyBad && !row.classList.contains("s-ungrounded"));
      row.classList.toggle("hidden", off);
    });
  }
  document.querySelectorAll("header input").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  // Read by tests and by anyone checking that every item was drawn.
  document.body.dataset.highlights = String(document.querySelectorAll("mark.item").length);
})();
