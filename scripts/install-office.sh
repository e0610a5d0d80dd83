#!/usr/bin/env bash
# LibreOffice (headless Calc) and fonts for the spreadsheet tests: they recalculate the XLSX
# checksheets, convert them to PDF to measure the printed type size, and edit them as a user would.
# fonts-crosextra-carlito is metric-compatible with Calibri, the workbook's default font, which
# sets the unit of column widths: without it LibreOffice lays the sheet out wider than Excel does.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -i "Carlito" >/dev/null || missing+=(fonts-crosextra-carlito)
"$(dirname "$0")/apt-install.sh" ${missing[@]+"${missing[@]}"}
echo "office: $(soffice --version)"
