#!/usr/bin/env bash
# CimSim's optional set-up: installs the Debian packages that some commands use. Nothing here is needed for
# `./cimsim run` on the bundled default; `./run-tests` runs `data` itself when the data set is missing (its
# training and search tests need it); each part says what needs it.
#
#   tools/setup.sh data     full Fashion-MNIST (60,000 train / 10,000 test) from Debian's dataset-fashion-mnist,
#                           for `cimsim accuracy`/`train` beyond the 1,000-image subset shipped in data/
#   tools/setup.sh fonts    Liberation fonts (Arial metrics), so the SVG charts render as laid out, and
#                           rsvg-convert to turn them into PNG
#   tools/setup.sh slurm    slurm-wlm + munge, for `cimsim sweep --slurm` on this machine (tools/slurm-local.sh)
#   tools/setup.sh all      all of the above
#
# Runs apt-get (as root, or through sudo when not root). Safe to run again: installed packages are skipped.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && { echo "setup: already installed: $*"; return 0; }
  local sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
  echo "setup: installed ${missing[*]}"
}

part() {
  case "$1" in
    data)  apt_install dataset-fashion-mnist
           echo "setup: Fashion-MNIST is in /usr/share/datasets/fashion-mnist/ (--dataset fashion-mnist uses it)" ;;
    fonts) apt_install fonts-liberation librsvg2-bin ;;
    slurm) if [ -x "$root/tools/slurm-local.sh" ]; then "$root/tools/slurm-local.sh" install; else apt_install slurm-wlm munge; fi ;;
    all)   part data; part fonts; part slurm ;;
    *)     echo "setup: unknown part '$1' (data, fonts, slurm or all)" >&2; exit 2 ;;
  esac
}

[ $# -ge 1 ] || { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
for p in "$@"; do part "$p"; done
