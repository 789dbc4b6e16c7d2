#!/usr/bin/env bash
# Installs the system packages the integration suite runs as judges: real uWSGI with the
# Python 3 plugin and Flask, gunicorn and uvicorn (Debian's uvicorn has the command,
# python3-uvicorn only the library), the pre-commit framework, Graphviz and GNU patch.
# Debian's packages; needs root (CI runs as root).
set -euo pipefail
packages=(uwsgi-core uwsgi-plugin-python3 python3-flask gunicorn python3-uvicorn uvicorn pre-commit graphviz patch)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
