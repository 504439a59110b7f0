#!/usr/bin/env bash
# Re-writes tests/data/golden-reports/ from the current code: one JSON report per shipped chip × zoo network that
# fits it (as `cimsim run` writes it), plus pipelined and replicated ResNet-20 runs. Run it only when a model change
# is meant to change the numbers, and say in the commit which change and why (GoldenReportTests compares them).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/tests/data/golden-reports"
for f in "$out"/*.json; do
  b=$(basename "$f" .json)
  args=()
  case "$b" in
    *-pipelined) b=${b%-pipelined}; args+=(--schedule pipelined) ;;
    *-replicate) b=${b%-replicate}; args+=(--replicate) ;;
  esac
  chip=${b%-*}; net=${b##*-}
  "$root/cimsim" run --arch "$root/architectures/$chip.yaml" --network "$net" "${args[@]}" --json "$f" --force --quiet
done
