#!/usr/bin/env bash
# The printed formats (issue 22): the sitrep PDF is printed by chromium
# (installed by web.sh), and its tests turn PDF pages into PNG and text
# with Debian's poppler-utils (pdftoppm, pdftotext). Installed as root,
# only when missing.
set -euo pipefail
if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then
	exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
	echo "formats: pdftoppm/pdftotext are missing; install poppler-utils as root or the PDF tests skip (fail under CI)" >&2
	exit 0
fi
echo "formats: installing poppler-utils"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null 2>&1 || {
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
}
