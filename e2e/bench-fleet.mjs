// The fleet matrix in the UI against the engine only, for e2e/bench.mjs (the
// fleet UI row): 8 models x 1000 groups over Avaya's template, the Fleet view's
// Run against bench_fleet on the same bytes, with the page's frame gaps and
// long tasks during the UI runs. `installHelpers` and `median` are bench.mjs's.

/**
 * The fleet matrix of 8 models x 1000 groups over the template, from the UI, with frame gaps,
 * against the same matrix in the engine only (bench_fleet), run by run in alternating order: the
 * host's speed drifts within a run (BENCHMARKS.md), and a ratio of two medians taken seconds apart
 * carries that drift, a median of paired runs does not.
 */
export async function fleetUi(page, { serverUrl, templateUrl, reps, installHelpers, median }) {
  await page.getByTestId('tab-fleet').click();
  await page.getByTestId('fleet-server-input').fill(serverUrl);
  await page.getByTestId('fleet-groups-input').fill('0-999');
  await page.evaluate(installHelpers);
  await page.evaluate(async (url) => {
    window.__template = new Uint8Array(await (await fetch(url)).arrayBuffer());
  }, templateUrl);
  const engineRun = () => page.evaluate(() => window.wasmBindings.bench_fleet(window.__template, 1000));
  const uiRun = async () => {
    const r = await page.evaluate(async () => {
      const q = (id) => document.querySelector(`[data-testid=${id}]`);
      let longest = 0;
      const obs = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) longest = Math.max(longest, e.duration);
      });
      obs.observe({ type: 'longtask' });
      let maxGap = 0;
      let frames = 0;
      let on = true;
      let last = performance.now();
      const tick = (t) => {
        maxGap = Math.max(maxGap, t - last);
        last = t;
        frames++;
        if (on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const t0 = performance.now();
      q('fleet-run').click();
      await window.__until(() => q('fleet-status')?.dataset.state !== 'done');
      await window.__until(() => ['done', 'failed'].includes(q('fleet-status')?.dataset.state));
      const t = performance.now() - t0;
      // The frame after the result is painted ends the measurement of gaps.
      await new Promise((res) => requestAnimationFrame(() => res()));
      on = false;
      obs.disconnect();
      const s = q('fleet-status').dataset;
      return { t, maxGap, frames, longest, cells: Number(s.cells), state: s.state };
    });
    if (r.state !== 'done' || r.cells !== 8000) throw new Error(`fleet run ended ${r.state} with ${r.cells} cells`);
    return r;
  };
  const runs = [];
  const engine = [];
  // The first round warms both up (and fills the browser's copy of the files).
  for (let i = 0; i < reps + 1; i++) {
    let r, e;
    if (i % 2) {
      e = await engineRun();
      r = await uiRun();
    } else {
      r = await uiRun();
      e = await engineRun();
    }
    if (i >= 1) runs.push(r), engine.push(e);
  }
  // Frame interval at rest, the baseline for the gaps.
  const idle = await page.evaluate(
    () =>
      new Promise((res) => {
        const gaps = [];
        let last = null;
        const tick = (t) => {
          if (last !== null) gaps.push(t - last);
          last = t;
          if (gaps.length < 30) requestAnimationFrame(tick);
          else res(gaps.sort((a, b) => a - b)[15]);
        };
        requestAnimationFrame(tick);
      }),
  );
  return {
    ui: median(runs.map((r) => r.t)),
    ratio: median(runs.map((r, i) => r.t / engine[i])),
    n: runs.length,
    maxGap: Math.max(...runs.map((r) => r.maxGap)),
    medianGap: median(runs.map((r) => r.maxGap)),
    longest: Math.max(...runs.map((r) => r.longest)),
    engine: median(engine),
    idle,
  };
}
