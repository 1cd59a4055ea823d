#!/usr/bin/env bash
# Installs pre-commit from Debian's packages when it is missing (the hooks test runs it for real).
# Idempotent: a no-op when pre-commit is on PATH.
set -euo pipefail
command -v pre-commit >/dev/null && exit 0
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
echo "[install-pre-commit] apt-get install pre-commit" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends pre-commit >&2
command -v pre-commit >/dev/null
