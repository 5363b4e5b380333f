#!/usr/bin/env bash
# Debian's Chromium for the e2e run's editor step (scripts/e2e/browser.js drives /usr/bin/chromium with playwright-core;
# Playwright's own browser download does not work offline). Does nothing when it is installed already.
# Needs root or sudo (CI runs as root).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
	echo "chromium: already installed ($(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo 'not from apt'))"
	exit 0
fi
sudo=''
if [ "$(id -u)" != 0 ]; then sudo='sudo'; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
echo "chromium: installed $(dpkg-query -W -f='${Version}' chromium)"
