#!/usr/bin/env bash
# Make sure Debian's chromium is here for the browser tests: install it with apt-get when
# running as root, otherwise say what to do.  Playwright drives it via executable_path.
set -euo pipefail
CHROMIUM="${ZOPA_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
fi
cat >&2 <<MSG
The browser tests need Debian's chromium at $CHROMIUM, and it is not installed.
Install it as root with:   apt-get install chromium
or point ZOPA_CHROMIUM at another Chromium binary, then run 'make test' again.
MSG
exit 1
