#!/usr/bin/env bash
# Debian's Chromium and a Japanese font for the browser tests. Playwright cannot download its own
# browsers here, so the tests drive /usr/bin/chromium. Without a CJK font, Japanese renders as boxes.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "browser: $(/usr/bin/chromium --version)"
