#!/usr/bin/env bash
# B1 side by side (shared/BENCHMARKS.md): CimSim's ring benchmark against SystemC 2.3.4 on the same model, in
# alternating pairs (CimSim, SystemC, CimSim, SystemC, ...) at each token count, and the ratio of their events/s.
#   tools/bench-ring.sh [pairs=3] [nodes=1000] [events=10000000] [tokens="1 64"]
# Prints one line per run, one per pair (its ratio, and the 1-minute load average before it), and per token
# count the median ratio over the pairs:
#   median tokens=T pairs=P cimsim_events_per_s=C systemc_events_per_s=S ratio=R cpu_ratio=Q load=L
# ratio is wall-clock events/s (the benchmark's figure); cpu_ratio is events per second of process CPU time over
# the same timed span, which is what each side got done with the CPU it was given: on a loaded machine a process
# may get a fraction of a core, and the two can differ from one run to the next.
# SystemC: ../shared/bench/systemc-ring.sh installs libsystemc-dev (Debian) if needed; this script compiles the
# same unmodified source (../shared/bench/systemc-ring.cpp, g++ -O2 as there) with tools/bench/cpu-clock.h
# force-included, which adds the process CPU time of its timed span.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pairs=${1:-3}; nodes=${2:-1000}; events=${3:-10000000}; token_counts=${4:-"1 64"}
shared=${CIMSIM_SHARED:-}                                   # the shared/ folder beside the checkout (or above a worktree)
for d in "$root/../shared" "$root/../../shared"; do [ -n "$shared" ] || [ ! -d "$d/bench" ] || shared=$d; done
shared="${shared:-$root/../shared}/bench"
[ -f "$shared/systemc-ring.sh" ] && [ -f "$shared/systemc-ring.cpp" ] || { echo "bench-ring: $shared/systemc-ring.{sh,cpp} not found" >&2; exit 2; }
bash "$shared/systemc-ring.sh" 10 1 1000 >/dev/null          # installs libsystemc-dev if missing
work=${TMPDIR:-/tmp}/cimsim-bench; mkdir -p "$work"
systemc="$work/systemc-ring-cpu"
if [ ! "$systemc" -nt "$shared/systemc-ring.cpp" ] || [ ! "$systemc" -nt "$root/tools/bench/cpu-clock.h" ]; then
  g++ -O2 -include "$root/tools/bench/cpu-clock.h" -o "$systemc" "$shared/systemc-ring.cpp" -lsystemc
fi
"$root/cimsim" --version >/dev/null                          # builds CimSim if needed, outside the timing

field() { sed -n "s/.*[[:space:]]$1=\([0-9.]*\).*/\1/p" <<<" $2"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
load() { cut -d' ' -f1 /proc/loadavg; }
echo "bench-ring: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, nodes=$nodes events=$events pairs=$pairs"
for tokens in $token_counts; do
  ratios=(); cpu_ratios=(); cs=(); ss=(); loads=()
  for ((i = 1; i <= pairs; i++)); do
    l=$(load); loads+=("$l")
    a=$("$root/cimsim" bench ring --nodes "$nodes" --tokens "$tokens" --events "$events")
    b_err=$(mktemp); b=$(SC_COPYRIGHT_MESSAGE=DISABLE "$systemc" "$nodes" "$tokens" "$events" 2>"$b_err" | tail -n 1)
    b_cpu=$(sed -n 's/^cpu_seconds=//p' "$b_err"); rm -f "$b_err"
    echo "cimsim  $a"
    echo "systemc $b cpu_seconds=$b_cpu"
    ca=$(field events_per_s "$a"); sb=$(field events_per_s "$b")
    ea=$(field events "$a"); eb=$(field events "$b"); pa=$(field cpu_seconds "$a")
    r=$(awk -v c="$ca" -v s="$sb" 'BEGIN { printf "%.3f", c / s }')
    q=$(awk -v ea="$ea" -v pa="$pa" -v eb="$eb" -v pb="$b_cpu" 'BEGIN { printf "%.3f", (ea / pa) / (eb / pb) }')
    echo "pair tokens=$tokens i=$i load=$l ratio=$r cpu_ratio=$q"
    ratios+=("$r"); cpu_ratios+=("$q"); cs+=("$ca"); ss+=("$sb")
  done
  printf 'median tokens=%s pairs=%s cimsim_events_per_s=%.0f systemc_events_per_s=%.0f ratio=%.2f cpu_ratio=%.2f load=%s\n' \
    "$tokens" "$pairs" "$(printf '%s\n' "${cs[@]}" | median)" "$(printf '%s\n' "${ss[@]}" | median)" \
    "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${cpu_ratios[@]}" | median)" "$(printf '%s\n' "${loads[@]}" | median)"
done
