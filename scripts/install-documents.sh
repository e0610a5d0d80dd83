#!/usr/bin/env bash
# Debian packages the PDF edition needs (guideline/documents): WeasyPrint lays text out with Pango,
# and the Japanese text needs a CJK font to embed (fonts-noto-cjk). poppler-utils (pdftoppm, pdffonts)
# is for looking at the rendered pages while working on the document templates.
set -euo pipefail  # (checks read all of a listing: grep -q would end it early and fail the pipe)
missing=()
ldconfig -p | grep "libpango-1.0.so.0" >/dev/null || missing+=(libpango-1.0-0)
ldconfig -p | grep "libpangoft2-1.0.so.0" >/dev/null || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
"$(dirname "$0")/apt-install.sh" ${missing[@]+"${missing[@]}"}
echo "documents: pango $(pkg-config --modversion pango 2>/dev/null || ldconfig -p | grep -o 'libpango-1.0.so.0' | head -1), $(fc-list | grep -c 'Noto Sans CJK') Noto Sans CJK faces"
