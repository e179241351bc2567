// Copy buttons for the letter, its subject and the share link (shown only when scripts run).
(function () {
  var status = document.getElementById("live-status");
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      target.select();
      var done = function () {
        button.textContent = "✓ " + label;
        // said by screen readers: the changed button text alone is not announced
        if (status) {
          status.textContent = "";
          setTimeout(function () { status.textContent = status.getAttribute("data-copied"); }, 50);
        }
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(target.value).then(done, function () { document.execCommand("copy"); done(); });
      else { document.execCommand("copy"); done(); }
    });
  });
})();
