#!/usr/bin/env bash
# slurm-local.sh: a throw-away one-node Slurm cluster on this machine, without systemd (tests and demos).
#
#   tools/slurm-local.sh up   [STATE_DIR]   install slurm-wlm + munge from Debian if missing (root, apt), write a
#                                           one-node slurm.conf, start munged/slurmctld/slurmd, wait for the node
#                                           to be idle; writes STATE_DIR/env (export SLURM_CONF=...; PIDs)
#   tools/slurm-local.sh down [STATE_DIR]   stop what `up` started, by PID (never by name)
#   tools/slurm-local.sh check              exit 0 when this machine can run it (root, and slurm installed or apt)
#   tools/slurm-local.sh install            only install slurm-wlm + munge if missing (tools/setup.sh slurm)
#
# STATE_DIR defaults to ${TMPDIR:-/tmp}/cimsim-slurm. Clients need `export SLURM_CONF=STATE_DIR/slurm.conf`
# (`. STATE_DIR/env` does it). Recipe measured in ../shared/ECOSYSTEM-PROBES.md §4 (Debian 12, slurm-wlm 22.05).
set -euo pipefail
cmd=${1:-up}
D=${2:-${TMPDIR:-/tmp}/cimsim-slurm}

can_run() {
  [ "$(id -u)" = 0 ] || { echo "slurm-local: needs root (slurmd runs jobs as root here)"; return 1; }
  command -v slurmctld >/dev/null && command -v munged >/dev/null && return 0
  command -v apt-get >/dev/null || { echo "slurm-local: slurm-wlm is not installed and there is no apt-get"; return 1; }
}

alive() { # alive PID: running and not a zombie (a daemon whose parent is not a reaping init stays <defunct>)
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st#Z}" = "$st" ]
}

stop_pids() { # stop_pids PID...: TERM all at once, wait up to 5 s, then KILL what is left
  local p left
  for p in "$@"; do [ -n "$p" ] && alive "$p" && kill "$p" 2>/dev/null || true; done
  for _ in $(seq 100); do
    left=0
    for p in "$@"; do [ -n "$p" ] && alive "$p" && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.05
  done
  for p in "$@"; do [ -n "$p" ] && alive "$p" && kill -9 "$p" 2>/dev/null || true; done
}

install_slurm() {
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm-local: installing slurm-wlm and munge (apt-get)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
  fi
}

case "$cmd" in
check) can_run ;;
install) can_run >&2 || exit 3; install_slurm ;;
down)
  [ -f "$D/env" ] || { echo "slurm-local: nothing to stop ($D/env missing)"; exit 0; }
  # shellcheck disable=SC1091
  . "$D/env"
  pids=("${SLURMD_PID:-}" "${CTLD_PID:-}")
  [ "${MUNGE_STARTED:-0}" = 1 ] && pids+=("${MUNGE_PID:-}")
  stop_pids "${pids[@]}"
  rm -f "$D/env"
  echo "slurm-local: stopped"
  ;;
up)
  can_run >&2 || exit 3
  if [ -f "$D/env" ]; then
    # shellcheck disable=SC1091
    . "$D/env"
    if alive "${CTLD_PID:-0}" && alive "${SLURMD_PID:-0}"; then echo "slurm-local: already up ($D/env)"; exit 0; fi
    "$0" down "$D" >/dev/null
  fi
  mkdir -p "$D"/{ctld,spool,log}
  NODE=$(hostname -s); CPUS=$(nproc); MEM=$(awk '/MemTotal/{m=int($2/1024)-1024; print (m<256?256:m)}' /proc/meminfo)
  install_slurm
  cat > "$D/slurm.conf" <<CONF
ClusterName=cimsim-local
SlurmctldHost=$NODE
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$D/ctld
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
NodeName=$NODE CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$D/slurm.conf"
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    mungekey --create --force
    chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
  MUNGE_STARTED=0
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
    MUNGE_STARTED=1
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  MUNGE_PID=$(cat /run/munge/munged.pid 2>/dev/null || true)
  /usr/sbin/slurmctld -D -f "$SLURM_CONF" > "$D/log/slurmctld.out" 2>&1 & CTLD_PID=$!
  /usr/sbin/slurmd    -D -f "$SLURM_CONF" > "$D/log/slurmd.out"    2>&1 & SLURMD_PID=$!
  printf 'export SLURM_CONF=%s\nMUNGE_PID=%s\nMUNGE_STARTED=%s\nCTLD_PID=%s\nSLURMD_PID=%s\n' \
    "$SLURM_CONF" "$MUNGE_PID" "$MUNGE_STARTED" "$CTLD_PID" "$SLURMD_PID" > "$D/env"
  st=
  for _ in $(seq 150); do st=$(sinfo -h -N -o '%t' 2>/dev/null | head -1 || true); [ "$st" = idle ] && break; sleep 0.1; done
  if [ "$st" != idle ]; then
    echo "slurm-local: node did not become idle (state '$st'); logs in $D/log" >&2
    "$0" down "$D" >/dev/null; exit 1
  fi
  echo "slurm-local: up; export SLURM_CONF=$SLURM_CONF (or . $D/env)"
  ;;
*) echo "usage: $0 up|down|check|install [STATE_DIR]" >&2; exit 2 ;;
esac
