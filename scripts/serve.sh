#!/usr/bin/env bash
# Serves phoneboot at http://127.0.0.1:8080 with its built-in demo provisioning
# server (demo/ is copied into the build). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
echo "phoneboot: building, then serving http://127.0.0.1:8080/ (Ctrl-C stops)" >&2
exec scripts/trunk.sh serve --release --address 127.0.0.1 --port 8080 "$@"
