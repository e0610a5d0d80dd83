#!/usr/bin/env bash
# Debian's Chromium and a Japanese font for the browser tests. Playwright cannot download its own
# browsers here, so the tests drive /usr/bin/chromium. Without a CJK font, Japanese renders as boxes.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
"$(dirname "$0")/apt-install.sh" ${missing[@]+"${missing[@]}"}
echo "browser: $(/usr/bin/chromium --version)"
