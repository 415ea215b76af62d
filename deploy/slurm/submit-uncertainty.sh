#!/usr/bin/env bash
# Submits `vchain uncertainty` to Slurm as a job array (one task per shard) and a merge job that
# depends on it (--dependency=afterok). With --wait, returns when the merge is done: exit 0 and
# the output folder, or exit 1 naming the failed job and its log. docs/uncertainty.md, "Cluster".
#
#   deploy/slurm/submit-uncertainty.sh --draws N --shards K --seed S --out DIR [--wait]
#       [--parts DIR] [--partition P] [--time HH:MM:SS] [--mem SIZE] [-- EXTRA vchain options]
#
# Shards go to --parts (default DIR.parts), logs to PARTS/logs. Every task runs
# `node bin/vchain.js` of this checkout (VCHAIN_NODE overrides node), single-threaded
# (VCHAIN_THREADS=1: one core per task; raise --cpus-per-task and VCHAIN_THREADS together).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
draws='' shards='' seed=20170101 out='' parts='' wait=0 extra=() sbatch_opts=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --draws) draws=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --parts) parts=$2; shift 2 ;;
    --wait) wait=1; shift ;;
    --partition) sbatch_opts+=(--partition "$2"); shift 2 ;;
    --time) sbatch_opts+=(--time "$2"); shift 2 ;;
    --mem) sbatch_opts+=(--mem "$2"); shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) usage ;;
    *) echo "submit-uncertainty: unknown option $1" >&2; usage ;;
  esac
done
int() { [[ $1 =~ ^[0-9]+$ ]]; }
int "$draws" && ((draws >= 2)) || { echo "submit-uncertainty: --draws N (an integer ≥ 2) is required" >&2; exit 2; }
int "$shards" && ((shards >= 1)) || { echo "submit-uncertainty: --shards K (an integer ≥ 1) is required" >&2; exit 2; }
int "$seed" || { echo "submit-uncertainty: --seed must be an integer ≥ 0" >&2; exit 2; }
[[ -n $out ]] || { echo "submit-uncertainty: --out DIR is required" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "submit-uncertainty: sbatch not found (is this a Slurm login node?)" >&2; exit 2; }
out=$(realpath -m "$out")
parts=$(realpath -m "${parts:-$out.parts}")
# Refuse before submitting anything: the merge would refuse a folder vchain did not write.
if [[ -e $out && ! -f $out/vchain-output.json && -n $(ls -A "$out" 2>/dev/null) ]]; then
  echo "submit-uncertainty: $out exists and is not a vchain output; choose another --out" >&2; exit 2
fi
if [[ -e $parts ]]; then
  echo "submit-uncertainty: $parts exists (shards of an earlier submission?); remove it or pass --parts" >&2; exit 2
fi
mkdir -p "$parts/logs"
node=${VCHAIN_NODE:-$(command -v node)}
export VCHAIN_ROOT=$root VCHAIN_NODE=$node VCHAIN_DRAWS=$draws VCHAIN_SEED=$seed VCHAIN_SHARDS=$shards \
  VCHAIN_PARTS=$parts VCHAIN_OUT=$out VCHAIN_EXTRA="${extra[*]:-}" VCHAIN_THREADS=${VCHAIN_THREADS:-1}
array=$(sbatch --parsable --array="0-$((shards - 1))" --job-name=vchain-uncertainty --chdir="$root" \
  --output="$parts/logs/shard-%a.log" --export=ALL "${sbatch_opts[@]}" "$here/uncertainty-shard.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --job-name=vchain-uncertainty-merge --chdir="$root" \
  --output="$parts/logs/merge.log" --export=ALL "${sbatch_opts[@]}" "$here/uncertainty-merge.sbatch")
merge=${merge%%;*}
echo "submit-uncertainty: job array $array ($shards shards of $draws draws), merge job $merge → $out"
((wait)) || exit 0

field() { scontrol show job -o "$1" 2>/dev/null | grep -o "$2=[^ ]*" | head -1 | cut -d= -f2; }
while :; do
  state=$(field "$merge" JobState)
  case $state in
    COMPLETED) echo "submit-uncertainty: done → $out"; exit 0 ;;
    FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED)
      echo "submit-uncertainty: merge job $merge $state; log $parts/logs/merge.log" >&2; exit 1 ;;
    '')
      # Finished jobs leave scontrol after MinJobAge: judge by the output.
      if [[ -f $out/uncertainty.json ]]; then echo "submit-uncertainty: done → $out"; exit 0; fi
      echo "submit-uncertainty: merge job $merge is gone and $out was not written; logs in $parts/logs" >&2; exit 1 ;;
  esac
  if [[ $(field "$merge" Reason) == DependencyNeverSatisfied ]]; then
    scancel "$merge" 2>/dev/null || true
    echo "submit-uncertainty: a shard of job array $array failed; logs in $parts/logs" >&2
    grep -l . "$parts"/logs/shard-*.log 2>/dev/null | head -3 | xargs -r tail -n 5 >&2
    exit 1
  fi
  sleep 2
done
