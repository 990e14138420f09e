#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that the test suite (or the benchmarks) run for real:
# Chromium for the dashboard's end-to-end tests, Go and govmomi's source to build the vSphere
# simulator, cloud-init / shellcheck / ansible to validate generated lab files. Nothing is
# downloaded from anywhere but the distribution's own package archive.
# Usage: scripts/ensure-system-deps.sh test|bench
set -euo pipefail

case "${1:-test}" in
  test) packages=(chromium golang-go golang-github-vmware-govmomi-dev cloud-init shellcheck ansible) ;;
  bench) packages=(mbw fio python3-pyvmomi gcc) ;;
  *) echo "usage: $0 test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "homelab-ai: these packages are needed and this is not a Debian/Ubuntu system: ${missing[*]}" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "homelab-ai: run as root or install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "homelab-ai: installing ${missing[*]} (from the distribution's packages)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
