#!/usr/bin/env bash
# Redis and PostgreSQL from Debian's packages for `npm run test:e2e:queue` (n8n's queue mode needs both). The run starts
# its own instances on free loopback ports in a temp folder (services.js); the system services are not used.
# Does nothing when both are installed. Needs root or sudo (CI runs as root).
set -euo pipefail

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
if command -v redis-server >/dev/null && have_postgres; then
	echo "redis-server and postgresql: already installed"
	exit 0
fi
sudo=''
if [ "$(id -u)" != 0 ]; then sudo='sudo'; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server postgresql >/dev/null
echo "installed: redis-server $(dpkg-query -W -f='${Version}' redis-server), postgresql $(dpkg-query -W -f='${Version}' postgresql)"
