// Progressive enhancement: the letter preview follows the form as the supporter types.
// Without JavaScript the "Preview the letter" button does the same on the server.
(function () {
  var form = document.getElementById("sign-form");
  if (!form) return;
  var placeholders = {};
  document.querySelectorAll(".letter-field[data-field]").forEach(function (span) {
    var name = span.getAttribute("data-field");
    (placeholders[name] = placeholders[name] || []).push(span);
  });
  function update(input) {
    var spans = placeholders[input.name];
    if (!spans) return;
    var value = input.value.trim();
    spans.forEach(function (span) { span.textContent = value || span.getAttribute("data-empty"); });
  }
  form.addEventListener("input", function (event) { update(event.target); });
  form.addEventListener("change", function (event) { update(event.target); });
  document.querySelectorAll(".error-summary").forEach(function (box) { box.focus(); });
})();
