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
    spans.forEach(reveal);
  }
  // Where the letter scrolls in a box of its own (beside the form, on a wide screen), bring the
  // field just typed into the middle of the part of the box on screen, so the signer sees it
  // change; the page itself stays put.
  function reveal(span) {
    var box = span.closest(".letter");
    if (!box || box.scrollHeight <= box.clientHeight || !box.getClientRects().length) return;
    var field = span.getBoundingClientRect(), edges = box.getBoundingClientRect();
    var top = Math.max(edges.top, 0), bottom = Math.min(edges.bottom, window.innerHeight);
    if (bottom - top < field.height || (field.top >= top && field.bottom <= bottom)) return;
    box.scrollTop += field.top - (top + bottom - field.height) / 2;
  }
  // The box ends on the first screen, so even the letter's last line (the signature) can be
  // brought into view there (never shorter than 240 px).
  function fitLetter() {
    var box = document.querySelector(".letter-preview .letter");
    if (!box) return;
    box.style.maxHeight = "";
    if (getComputedStyle(box).overflowY !== "auto") return;
    var room = window.innerHeight - (box.getBoundingClientRect().top + window.scrollY) - 16;
    if (room < box.clientHeight) box.style.maxHeight = Math.max(room, 240) + "px";
  }
  fitLetter();
  window.addEventListener("resize", fitLetter);
  // On a phone the letter is below the form: the name it is signed with shows under the name fields.
  document.querySelectorAll(".signature-preview").forEach(function (line) { line.hidden = false; });
  var suggestName = letterNameSuggester();
  form.addEventListener("input", function (event) { update(event.target); suggestName(event.target); });
  form.addEventListener("change", function (event) { update(event.target); });
  document.querySelectorAll(".error-summary").forEach(function (box) { box.focus(); });

  // "Your name as it should appear in the letter": suggested in Latin letters (ICAO 9303, the
  // table the server renders into the page) until the supporter edits it. Mirrors
  // undersigned/i18n/transliteration.py.
  function letterNameSuggester() {
    var data = document.getElementById("transliteration");
    var target = form.elements.namedItem("letter_name");
    var first = form.elements.namedItem("first_name"), last = form.elements.namedItem("last_name");
    if (!data || !target || !first || !last) return function () {};
    var table = JSON.parse(data.textContent);
    var language = data.getAttribute("data-language");

    function alphabet(text) {
      var lower = text.toLowerCase();
      for (var name in table.only_in) {
        var letters = table.only_in[name];
        for (var i = 0; i < letters.length; i++) {
          if (lower.indexOf(letters[i]) !== -1) return name;
        }
      }
      return table.tables[language] ? language : "ru";
    }
    function isLetter(ch) { return ch !== "" && ch.toLowerCase() !== ch.toUpperCase(); }
    function isUpper(ch) { return isLetter(ch) && ch === ch.toUpperCase(); }
    function upperWord(text, index) {
      var following = text.charAt(index + 1);
      if (isLetter(following)) return isUpper(following);
      return index > 0 && isUpper(text.charAt(index - 1));
    }
    function transliterate(text) {
      var letters = table.tables[alphabet(text)], out = "";
      for (var i = 0; i < text.length; i++) {
        var ch = text.charAt(i), lower = ch.toLowerCase();
        if (table.apostrophes.indexOf(ch) !== -1 && i > 0 && letters.hasOwnProperty(text.charAt(i - 1).toLowerCase())) continue;
        if (!letters.hasOwnProperty(lower)) { out += ch; continue; }
        var latin = letters[lower];
        if (ch !== lower) {
          latin = upperWord(text, i) ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
        }
        out += latin;
      }
      return out;
    }
    function suggestion() {
      var names = [first.value.trim(), last.value.trim()].filter(Boolean).join(" ");
      return transliterate(names.normalize("NFC"));
    }
    var edited = target.value !== "" && target.value !== suggestion();
    return function (input) {
      if (input === target) {
        edited = target.value.trim() !== "";
      } else if ((input === first || input === last) && !edited) {
        target.value = suggestion();
        update(target);
      }
    };
  }
})();
