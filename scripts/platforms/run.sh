#!/usr/bin/env bash
# Installs the repository's committed files into scratch folders as npm would on macOS arm64 and on Linux arm64
# (`npm ci --os=… --cpu=…`), checks each install (check-install.js), and runs `npm run build`, `npm run lint` and
# `npm run typecheck` there with this machine's own Node.js: what a contributor on such a machine runs first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

for target in darwin/arm64 linux/arm64; do
	os=${target%/*} cpu=${target#*/}
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
	echo "--- $os-$cpu in $dir"
	git ls-files -z | tar --null -cf - -T - | tar -xf - -C "$dir"
	(cd "$dir" && npm ci --os="$os" --cpu="$cpu" --no-audit --no-fund --loglevel=error)
	node "$root/scripts/platforms/check-install.js" "$dir" "$os" "$cpu"
	(cd "$dir" && npm run -s build >/dev/null && npm run -s lint && npm run -s typecheck)
	echo "$os-$cpu: build, lint and typecheck pass on Node.js $(node --version)"
	rm -rf "$dir"
	trap - EXIT
done
