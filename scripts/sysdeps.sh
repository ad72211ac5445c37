#!/usr/bin/env bash
# System packages the reports need: Chromium (browser tests and PDF printing) and a CJK font
# (Chinese company names in charts). Installs them from Debian when missing; says what to do otherwise.
# Usage: sysdeps.sh [STAMP]: the stamp file is written only when everything is present, so a machine
# without apt is checked (and told) again on the next run instead of being marked done.
set -euo pipefail
stamp="${1:-}"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
has_cjk() {
  # No `fc-list | grep -q` under pipefail: grep exits at the first match and fc-list then fails on SIGPIPE.
  local fonts
  fonts="$(fc-list : family 2>/dev/null || true)"
  case "$fonts" in
    *"Noto Sans CJK"*|*"Noto Serif CJK"*|*"Source Han"*|*WenQuanYi*|*PingFang*|*Hiragino*|*"Microsoft YaHei"*) return 0 ;;
    *) return 1 ;;
  esac
}
has_cjk || need+=(fonts-noto-cjk)
done_ok() { [ -n "$stamp" ] && mkdir -p "$(dirname "$stamp")" && touch "$stamp"; return 0; }
if [ ${#need[@]} -eq 0 ]; then echo "sysdeps: chromium and a CJK font are present"; done_ok; exit 0; fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then SUDO=""
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then SUDO="sudo"
else
  echo "sysdeps: missing ${need[*]}, and no apt-get as root or through sudo to install them." >&2
  echo "sysdeps: install them with your package manager (Chromium, and a CJK font such as Noto Sans CJK);" >&2
  echo "sysdeps: the HTML reports still build without Chromium; the PDFs and browser tests need it." >&2
  exit 0
fi
echo "sysdeps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
echo "sysdeps: installed ${need[*]}"
done_ok
