#!/bin/sh
# Installs the real uWSGI that the integration tests run fixture apps on (Debian/Ubuntu):
# uWSGI 2.0 with the Python 3 plugin, and Flask for the fixtures. Does nothing when present.
set -eu

if uwsgi --plugin python3 --python-version >/dev/null 2>&1 && /usr/bin/python3 -c 'import flask' 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-uwsgi: run as root (apt-get install uwsgi-core uwsgi-plugin-python3 python3-flask)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq uwsgi-core uwsgi-plugin-python3 python3-flask
