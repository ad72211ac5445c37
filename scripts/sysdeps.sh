#!/usr/bin/env bash
# System packages the reports need: Chromium (browser tests and PDF printing) and a CJK font
# (Chinese company names in charts). Installs them from Debian when missing; says what to do otherwise.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then echo "sysdeps: chromium and a CJK font are present"; exit 0; fi
echo "sysdeps: installing ${need[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then SUDO=""
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then SUDO="sudo"
else
  echo "sysdeps: cannot install ${need[*]}: needs apt-get as root (or sudo). Install them with your package manager." >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
echo "sysdeps: installed ${need[*]}"
