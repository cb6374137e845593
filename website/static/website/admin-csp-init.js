// Wagtail starts date pickers and inline panels with inline scripts, which the
// site's Content-Security-Policy forbids. Our template overrides leave a marker
// element with data-csp-init instead, and this file starts the widget from it,
// also for markers added later (a new inline form, a dialog).
(function () {
  "use strict";
  const starters = {
    initDateChooser: (el) => window.initDateChooser(el.dataset.target, JSON.parse(el.dataset.config)),
    initDateTimeChooser: (el) => window.initDateTimeChooser(el.dataset.target, JSON.parse(el.dataset.config)),
    initTimeChooser: (el) => window.initTimeChooser(el.dataset.target, JSON.parse(el.dataset.config)),
    InlinePanel: (el) => new window.InlinePanel(JSON.parse(el.dataset.options)),
    MultipleChooserPanel: (el) => new window.MultipleChooserPanel(JSON.parse(el.dataset.options)),
  };

  function start(root) {
    const markers = root.matches && root.matches("[data-csp-init]") ? [root] : [];
    markers.push(...(root.querySelectorAll ? root.querySelectorAll("[data-csp-init]") : []));
    for (const marker of markers) {
      // Markers inside <template> are copies for later; they start once inserted.
      if (marker.dataset.cspStarted || marker.closest("template")) continue;
      marker.dataset.cspStarted = "true";
      const starter = starters[marker.dataset.cspInit];
      if (starter) starter(marker);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    start(document);
    new MutationObserver((mutations) => {
      for (const mutation of mutations) mutation.addedNodes.forEach(start);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
