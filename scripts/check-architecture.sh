#!/usr/bin/env bash
# Cheap checks of the invariants in ARCHITECTURE.md (run by scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
bad() { printf 'architecture: %s\n' "$*" >&2; fail=1; }

# 1. The engine has no I/O: no files, sockets, processes, threads or browser APIs.
if grep -rnE 'std::(fs|net|process|thread)\b|web_sys|js_sys|wasm_bindgen' engine/src; then
  bad "engine/src must not do I/O (ARCHITECTURE.md, invariant 1)"
fi
if grep -nE '^(web-sys|js-sys|wasm-bindgen|ureq|tokio)\b' engine/Cargo.toml; then
  bad "engine/Cargo.toml must not depend on an I/O crate (invariant 1)"
fi

# 3. The UI and the CLI never write a display message or a phone rule: GROUP's
# limit, the restart limit, progress texts and the secret mask live in the engine.
# (Comments and help texts may name the range; code may not compare with it.)
front_ends=(src cli/src)
code() { grep -rnE "$1" "${front_ends[@]}" | grep -vE '^[^:]+:[0-9]+: *//' || true; }
if [ -n "$(code '(<=|>=|<|>|==) *999\b|999 *(<=|>=|<|>)')" ]; then
  code '(<=|>=|<|>|==) *999\b|999 *(<=|>=|<|>)' >&2
  bad "GROUP's 0..999 is the engine's Group::parse (invariant 3)"
fi
if [ -n "$(code 'KB received|restarts in one boot|"\*{8}"')" ]; then
  code 'KB received|restarts in one boot|"\*{8}"' >&2
  bad "display texts, the restart rule and the secret mask are the engine's (invariant 3)"
fi

# 5. One error type per layer: no stringly typed errors in the engine, the CLI or
# the web app (CliError, FetchError, NotLoaded, WebError, ...: thiserror enums).
if grep -rnE 'Result<[^;{]*, *String>' engine cli src --include='*.rs'; then
  bad "engine/, cli/ and src/ return typed errors, not Result<_, String> (invariant 5)"
fi

# 7. Components and pages report through narrow callbacks: none is handed the
# app's whole Callback<Action> or a reducer's dispatcher.
if grep -rnE 'Callback<(crate::state::)?Action>|UseReducerDispatcher' src/components src/pages; then
  bad "components and pages take narrow callbacks, not Callback<Action> or a dispatcher (invariant 7)"
fi

# 8. The reducers live in src/state, and are pure.
if grep -rnE 'impl( yew::)? *Reducible for' src | grep -v '^src/state/'; then
  bad "every Reducible impl is in src/state (invariant 8)"
fi
if grep -rnE 'spawn_local|gloo|js_sys|wasm_bindgen' src/state; then
  bad "src/state is pure: no spawning, timers or JavaScript (invariant 8)"
fi

# 9. No source file over 700 lines.
while read -r n f; do
  bad "$f has $n lines: no source file over 700 (invariant 9)"
done < <(git ls-files '*.rs' '*.mjs' '*.sh' | xargs wc -l | awk '$2 != "total" && $1 > 700 { print $1, $2 }')

# 10. Every public item of the engine is documented: missing_docs has no exception.
if grep -rnE '#!?\[allow\([^]]*missing_docs' engine/src; then
  bad "the engine's missing_docs has no exceptions: document the item (ARCHITECTURE.md, Lints)"
fi

# 11. One recording BodySink for every test (phoneboot_engine::testing::Recorder):
# tests do not write their own.
if grep -rn 'impl .*BodySink for' engine/tests cli/tests tests; then
  bad "tests use phoneboot_engine::testing::Recorder, not a sink of their own (invariant 11)"
fi

# 12. The views write markup! (phoneboot-markup): html!'s input and DOM, a smaller bundle.
if [ -n "$(code '\bhtml! *\{')" ]; then
  code '\bhtml! *\{' >&2
  bad "views write markup! { .. }, not html! { .. } (invariant 12)"
fi

exit "$fail"
