#!/usr/bin/env bash
# Starts (or stops) a private single-node Slurm for the cluster tests: its own munged, slurmctld and
# slurmd, all state under DIR, nothing of the machine's own configuration touched.
#   local_slurm.sh start DIR   -> prints the path for SLURM_CONF once the node accepts jobs
#   local_slurm.sh stop DIR
# Exit 77 (the tests' "skip") when Slurm or munge is not installed or we are not root.
set -euo pipefail
action="$1"
dir="$(realpath -m "$2")"

stop() {
  # Jobs first: a job step whose slurmd is killed under it would linger as an orphaned slurmstepd.
  if [ -f "$dir/slurm.conf" ] && [ -f "$dir/slurmctld.pid" ]; then
    SLURM_CONF="$dir/slurm.conf" scancel --full -u "$(id -un)" 2> /dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(SLURM_CONF="$dir/slurm.conf" squeue -h 2> /dev/null)" ] && break
      sleep 0.2
    done
  fi
  for pidfile in slurmd.pid slurmctld.pid munge/munged.pid; do
    [ -f "$dir/$pidfile" ] && kill "$(cat "$dir/$pidfile")" 2>/dev/null || true
  done
  sleep 0.5
  for pidfile in slurmd.pid slurmctld.pid munge/munged.pid; do
    [ -f "$dir/$pidfile" ] && kill -9 "$(cat "$dir/$pidfile")" 2>/dev/null || true
  done
  return 0
}

if [ "$action" = stop ]; then stop; exit 0; fi

for tool in slurmctld slurmd sbatch munged; do
  command -v "$tool" > /dev/null || [ -x "/usr/sbin/$tool" ] || { echo "skip: $tool is not installed (Debian: slurm-wlm munge)" >&2; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "skip: a private Slurm needs root (slurmd runs jobs as their owner)" >&2; exit 77; }
id munge > /dev/null 2>&1 || { echo "skip: no munge user (Debian: munge)" >&2; exit 77; }

stop
# Daemons of an earlier test instance that was killed before it could stop them hold the ports.
pkill -f "^(slurmctld|slurmd) .*-f /tmp/ew-slurm-" 2> /dev/null || true
rm -rf "$dir"
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
chmod 755 "$dir"
# munged insists on a key and socket directory owned by its own user and closed to others.
dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chown -R munge:munge "$dir/munge"
chmod 755 "$dir/munge"  # clients need to reach the socket
chmod 400 "$dir/munge/munge.key"
runuser -u munge -- /usr/sbin/munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"

host="$(hostname -s)"
cpus="$(nproc)"
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
cat > "$dir/slurm.conf" <<CONF
ClusterName=ewtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
KillWait=5
MinJobAge=300
MailProg=/bin/true
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i -f "$SLURM_CONF" > "$dir/slurmctld.out" 2>&1
slurmd -f "$SLURM_CONF" > "$dir/slurmd.out" 2>&1
for _ in $(seq 1 100); do
  if [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; then echo "$SLURM_CONF"; exit 0; fi
  sleep 0.2
done
echo "Slurm did not become ready; logs in $dir" >&2
tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
stop
exit 1
