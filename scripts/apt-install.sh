#!/usr/bin/env bash
# Installs the Debian packages named as arguments (the callers pass only the missing ones), as root
# or through sudo. Shared by install-browser.sh, install-documents.sh and install-office.sh.
set -euo pipefail
[ $# -gt 0 ] || exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
