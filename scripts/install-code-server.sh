#!/usr/bin/env bash
# Installs what the real-editor tests need, outside the project's dependencies:
# Debian's Chromium + ripgrep (+ the toolchain code-server's native modules build with),
# and code-server (VS Code's server + web workbench) into a cache directory.
# Idempotent: a second run only checks and exits (well under a second).
# Prints the code-server install directory on its last line.
set -euo pipefail

CODE_SERVER_VERSION=4.99.4   # last release whose postinstall accepts node 20 (VS Code 1.99.3)
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache="${NETPOL_CACHE:-$HOME/.cache/netpol-navigator}"
prefix="$cache/code-server-$CODE_SERVER_VERSION"
entry="$prefix/node_modules/code-server/out/node/entry.js"
marker="$prefix/.installed"

say() { echo "[install-code-server] $*" >&2; }

apt_packages=(libkrb5-dev ripgrep chromium build-essential pkg-config python3)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [[ -f "$marker" && -f "$entry" ]]; then
  echo "$prefix"
  exit 0
fi

# @vscode/ripgrep downloads its binary from GitHub (unreachable here) unless this archive is cached.
ripgrep_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
if [[ ! -f "$ripgrep_cache/$RIPGREP_ASSET" ]]; then
  say "packing Debian's rg as $RIPGREP_ASSET"
  mkdir -p "$ripgrep_cache"
  tar -czf "$ripgrep_cache/$RIPGREP_ASSET.partial" -C "$(dirname "$(command -v rg)")" rg
  mv "$ripgrep_cache/$RIPGREP_ASSET.partial" "$ripgrep_cache/$RIPGREP_ASSET"
fi

say "npm install code-server@$CODE_SERVER_VERSION into $prefix"
mkdir -p "$prefix"
[[ -f "$prefix/package.json" ]] || echo '{"name":"netpol-code-server-cache","private":true}' > "$prefix/package.json"
(
  cd "$prefix"
  npm_config_unsafe_perm=true \
  npm_config_yes=true \
  npm_config_build_from_source=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
)
[[ -f "$entry" ]] || { say "code-server entry point missing after install: $entry"; exit 1; }
touch "$marker"
echo "$prefix"
