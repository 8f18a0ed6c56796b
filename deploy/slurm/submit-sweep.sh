#!/usr/bin/env bash
# Submits a sharded parameter sweep to Slurm: a job array of SWEEP_SHARDS tasks (sweep-array.sh) and a
# merge job (sweep-merge.sh) that starts only when every task has succeeded (afterok) and is cancelled
# if any fails (--kill-on-invalid-dep), so a partial sweep is never merged.
#
#   SWEEP_SAMPLES=256 SWEEP_SHARDS=16 SWEEP_OUT=/shared/sweep-1 deploy/slurm/submit-sweep.sh [sbatch options]
#
# Options given are passed to both sbatch calls (e.g. --partition=compute --time=04:00:00 --account=X).
# Settings (environment), resolved here to absolute paths and passed to the jobs:
#   SPX30DTE_BIN    the spx30dte executable, visible from every node     default: spx30dte on PATH
#   SWEEP_OUT       the output folder, shared by every node              default: ./sweep-out
#   SWEEP_SPACE     a space file laid over the plan's chromosome           default: none, the plan's chromosome
#   SWEEP_SHARDS    tasks in the array, N                                default: 4
#   SWEEP_PARALLEL  at most this many tasks at once (sbatch --array=...%P)  default: no limit
#   SWEEP_SAMPLES, SWEEP_DESIGN, SWEEP_SEED, SWEEP_FROM, SWEEP_TO, SWEEP_THREADS, SPX30DTE_DATA:
#                   see sweep-array.sh (for more threads per task, pass --cpus-per-task=T as well)
# Prints `array_job=ID` and `merge_job=ID`; shards land in $SWEEP_OUT/shard-K.db, the merged log in
# $SWEEP_OUT/sweep.db, job output in $SWEEP_OUT/logs/.
set -euo pipefail

fail() { echo "submit-sweep.sh: $*" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

command -v sbatch >/dev/null 2>&1 || fail "sbatch not found: run this on a Slurm submit host"
bin=${SPX30DTE_BIN:-spx30dte}
resolved=$(command -v "$bin" 2>/dev/null) || fail "SPX30DTE_BIN: $bin is not an executable"
export SPX30DTE_BIN=$(realpath "$resolved")
export SWEEP_SHARDS=${SWEEP_SHARDS:-4}
[[ $SWEEP_SHARDS =~ ^[1-9][0-9]*$ ]] || fail "SWEEP_SHARDS: '$SWEEP_SHARDS' is not a positive count"
array="0-$((SWEEP_SHARDS - 1))"
if [ -n "${SWEEP_PARALLEL:-}" ]; then
  [[ $SWEEP_PARALLEL =~ ^[1-9][0-9]*$ ]] || fail "SWEEP_PARALLEL: '$SWEEP_PARALLEL' is not a positive count"
  array+="%$SWEEP_PARALLEL"
fi
mkdir -p "${SWEEP_OUT:-sweep-out}/logs"
export SWEEP_OUT=$(realpath "${SWEEP_OUT:-sweep-out}")
# A stale shard or merged log from an earlier sweep into the same folder must not be mistaken for this one's.
for old in "$SWEEP_OUT"/shard-*.db "$SWEEP_OUT/sweep.db"; do
  [ -e "$old" ] && fail "$old exists: give an empty SWEEP_OUT or remove the earlier sweep's files"
done
if [ -n "${SWEEP_SPACE:-}" ]; then
  [ -r "$SWEEP_SPACE" ] || fail "SWEEP_SPACE: cannot read $SWEEP_SPACE"
  export SWEEP_SPACE=$(realpath "$SWEEP_SPACE")
fi
[ -z "${SPX30DTE_DATA:-}" ] || export SPX30DTE_DATA=$(realpath "$SPX30DTE_DATA")

array_job=$(sbatch --parsable --export=ALL --array="$array" --output="$SWEEP_OUT/logs/shard-%a.out" \
  "$@" "$here/sweep-array.sh") || fail "sbatch of the array was refused"
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable --export=ALL --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$SWEEP_OUT/logs/merge.out" "$@" "$here/sweep-merge.sh") || {
  scancel "$array_job" 2>/dev/null || true
  fail "sbatch of the merge job was refused; array job $array_job cancelled"
}
merge_job=${merge_job%%;*}
echo "array_job=$array_job"
echo "merge_job=$merge_job"
