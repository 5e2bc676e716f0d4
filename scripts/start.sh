#!/usr/bin/env bash
# npm start: the desktop app when Electron's runtime is installed, otherwise browser mode.
# npm run serve (passes --browser): always browser mode.
# Other arguments (--db FILE, --port N) go through to whichever starts.
set -euo pipefail
source "$(dirname "$0")/node-env.sh"
cd "$CAUSEWAY_ROOT"

browser=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--browser" ]; then browser=1; else args+=("$arg"); fi
done

# First run on a fresh machine: install the project's packages. Electron's runtime is fetched
# separately below, so an offline install still succeeds.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# A few seconds, and it means the app never runs stale code.
npm run build --silent

# Where Electron's runtime is, without require('electron'): when the runtime is missing, that
# starts a download rather than failing.
electron_binary() {
  node -e '
    const fs = require("fs"), path = require("path");
    let dir;
    try { dir = path.dirname(require.resolve("electron/package.json")); } catch { process.exit(1); }
    let rel = "";
    try { rel = fs.readFileSync(path.join(dir, "path.txt"), "utf8").trim(); } catch {}
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const bin = override ? path.join(override, rel || "electron") : rel ? path.join(dir, "dist", rel) : "";
    if (!bin || !fs.existsSync(bin)) process.exit(1);
    console.log(bin);
  ' 2>/dev/null
}

if [ "$browser" = 0 ]; then
  if ! electron_binary >/dev/null; then
    # Electron's own installer fetches the runtime; offline it fails at once, and we fall back.
    env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js >/dev/null 2>&1 || true
  fi
  if bin="$(electron_binary)"; then
    # Set in some shells by tools built on Electron; it would make the app start as plain Node.
    unset ELECTRON_RUN_AS_NODE
    exec "$bin" . ${args[@]+"${args[@]}"}
  fi
  case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
    zh*) echo "本机没有安装 Electron 运行时（离线时无法下载）；改为在浏览器中打开 Causeway。" ;;
    *) echo "Electron's runtime is not installed on this machine (it could not be downloaded offline); opening Causeway in your browser instead." ;;
  esac
fi
exec node dist/host/serve.mjs ${args[@]+"${args[@]}"}
