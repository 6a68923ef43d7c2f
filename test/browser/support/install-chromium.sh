#!/usr/bin/env bash
# Installs what the browser tests drive: Debian's chromium, a CJK font so that pages (and their screenshots)
# show Chinese, and poppler-utils (pdftoppm), with which the printout tests render every printed report to PNG. playwright-core never downloads a browser of its own. Safe to run again: it returns at once when
# both are present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
# Not `fc-list | grep -q`: grep -q exits at the first match, fc-list then dies of SIGPIPE, and with pipefail the
# pipeline fails even though the font is there — at random, depending on how far fc-list got (it then asked a
# non-root user for root). Read the whole list first.
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fonts="$(fc-list 2>/dev/null || true)"
grep -qi "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "[browser tests] installing: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "[browser tests] need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update -qq && $SUDO apt-get install -y --no-install-recommends "${need[@]}"
}
command -v chromium >/dev/null 2>&1 || { echo "[browser tests] chromium is still missing" >&2; exit 1; }
command -v pdftoppm >/dev/null 2>&1 || { echo "[browser tests] pdftoppm (poppler-utils) is still missing" >&2; exit 1; }
