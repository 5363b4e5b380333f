#!/usr/bin/env bash
# Debian's ffmpeg (ffmpeg and ffprobe) for scripts/fixtures/check-videos.js, which re-reads the committed video fixtures
# with ffprobe, and scripts/fixtures/make-videos.sh, which writes them. npm test does not need it. Does nothing when
# both are installed already. Needs root or sudo (CI runs as root).
set -euo pipefail

if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then
	echo "ffmpeg: already installed ($(dpkg-query -W -f='${Version}' ffmpeg 2>/dev/null || echo 'not from apt'))"
	exit 0
fi
sudo=''
if [ "$(id -u)" != 0 ]; then sudo='sudo'; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
echo "ffmpeg: installed $(dpkg-query -W -f='${Version}' ffmpeg)"
