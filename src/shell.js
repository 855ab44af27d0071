// The page's first screen (index.html, #shell) says "Starting the emulator…"
// until the wasm app replaces it (src/main.rs, src/app.rs). When the app
// cannot start (the wasm failed to download or compile, or its start
// trapped), trunk's loader only rejects a promise nobody sees; this says so
// on the page instead, where a support engineer looking at a customer's
// screen can read it.
//
// A module placed before trunk's loader in index.html, so it runs first
// (module scripts run in document order, after parsing). Text only
// (textContent): nothing here builds markup.
(() => {
  const failed = (reason) => {
    const shell = document.getElementById('shell');
    const status = document.getElementById('shell-status');
    if (!shell || !status) return; // the app is running: its own errors are its own to show
    shell.hidden = false; // hidden by the app's start (src/main.rs), if its first render failed
    const what = reason && reason.message ? `${reason.name || 'Error'}: ${reason.message}` : String(reason);
    status.textContent =
      `phoneboot could not start: ${what}. ` +
      'It needs a browser with WebAssembly SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later); ' +
      "in such a browser, check that the server sends the app's files as they were built. " +
      'Reload the page to try again.';
    status.classList.add('failed');
    status.setAttribute('role', 'alert');
  };
  addEventListener('unhandledrejection', (e) => failed(e.reason));
  addEventListener(
    'error',
    (e) => {
      // Captured, so a script or preload that failed to load is seen too: it names no error, only itself.
      const src = e.target && (e.target.src || e.target.href);
      failed(e.error || (src ? `could not load ${src}` : e.message));
    },
    true,
  );
})();
