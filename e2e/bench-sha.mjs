// SHA-256 in the wasm build against WebCrypto, for e2e/bench.mjs (the
// SHA-256 row): the page's Sha256Stream export fed 64 MiB in 1 MiB chunks, as
// a download feeds it, against one crypto.subtle.digest of the same buffer;
// interleaved, medians of `reps`, and the digests compared.

/** SHA-256 of 64 MiB: the wasm Sha256Stream in 1 MiB chunks against WebCrypto's digest. */
export async function sha256(page, reps) {
  return page.evaluate(async (reps) => {
    const N = 64 << 20;
    const CH = 1 << 20;
    const buf = new Uint8Array(N);
    const w = new Uint32Array(buf.buffer);
    let x = 2463534242;
    for (let i = 0; i < w.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      w[i] = x >>> 0;
    }
    const hex = (ab) => [...new Uint8Array(ab)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const wasm = () => {
      const t = performance.now();
      const s = new window.wasmBindings.Sha256Stream();
      for (let off = 0; off < N; off += CH) s.update(buf.subarray(off, off + CH));
      const d = s.finish();
      s.free();
      return [performance.now() - t, d];
    };
    const web = async () => {
      const t = performance.now();
      const d = hex(await crypto.subtle.digest('SHA-256', buf));
      return [performance.now() - t, d];
    };
    wasm();
    await web();
    const a = [];
    const b = [];
    for (let i = 0; i < reps; i++) {
      const [ta, da] = wasm();
      const [tb, db] = await web();
      if (da !== db) throw new Error(`SHA-256 differs: wasm ${da}, WebCrypto ${db}`);
      a.push(ta);
      b.push(tb);
    }
    const med = (xs) => xs.sort((p, q) => p - q)[xs.length >> 1];
    return { wasm: med(a), web: med(b), bytes: N };
  }, reps);
}
