#!/usr/bin/env bash
# Debian packages the PDF edition needs (guideline/documents): WeasyPrint lays text out with Pango,
# and the Japanese text needs a CJK font to embed (fonts-noto-cjk). poppler-utils (pdftoppm, pdffonts)
# is for looking at the rendered pages while working on the document templates.
set -euo pipefail
missing=()
ldconfig -p | grep -q "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
ldconfig -p | grep -q "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "documents: pango $(pkg-config --modversion pango 2>/dev/null || ldconfig -p | grep -o 'libpango-1.0.so.0' | head -1), $(fc-list | grep -c 'Noto Sans CJK') Noto Sans CJK faces"
