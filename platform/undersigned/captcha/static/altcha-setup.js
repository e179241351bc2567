// Registers the proof-of-work worker of the vendored ALTCHA widget (its strict-CSP build ships
// none), from the URL the template gives in data-worker.
for (const widget of document.querySelectorAll("altcha-widget[data-worker]")) {
  const url = widget.dataset.worker;
  if (globalThis.$altcha && url) {
    globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(url));
  }
}
