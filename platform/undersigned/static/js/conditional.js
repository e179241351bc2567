// Progressive enhancement: a field asked only for one answer of another (the US state, only for
// the United States) is hidden for every other answer. Without JavaScript it stays visible,
// and its hint says when to fill it in.
(function () {
  document.querySelectorAll(".field[data-show-if-field]").forEach(function (field) {
    var form = field.closest("form");
    var control = form && form.elements.namedItem(field.getAttribute("data-show-if-field"));
    if (!control) return;
    var wanted = field.getAttribute("data-show-if-value");
    function update() { field.hidden = control.value !== wanted; }
    control.addEventListener("change", update);
    update();
  });
})();
