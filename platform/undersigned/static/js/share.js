// The phone's own share sheet, where the browser has one (the share links work without it).
(function () {
  if (!navigator.share) return;
  document.querySelectorAll("button.share-native[data-share-url]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ url: button.getAttribute("data-share-url"), text: button.getAttribute("data-share-text") })
        .catch(function () { /* the reader closed the sheet */ });
    });
  });
})();
