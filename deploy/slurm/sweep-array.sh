#!/usr/bin/env bash
# One shard of a parameter sweep, as one task of a Slurm job array.
#
#   sbatch --array=0-3 deploy/slurm/sweep-array.sh        (usually through deploy/slurm/submit-sweep.sh)
#
# Task i of an array of N runs `spx30dte sweep ... --shard (i+1)/N`: the design points whose index j has
# j mod N == i. Its trial log is written on node-local disk ($TMPDIR) and copied to
# $SWEEP_OUT/shard-(i+1).db only when the shard has finished, so a shared file system never holds a
# half-written SQLite file under the final name and never carries SQLite's locking traffic. The price:
# a task that is killed and requeued starts its shard again instead of resuming its local log.
# The command evaluates on as many threads as it is told; without --threads it would take every core
# of the node, which Slurm may have given to other tasks.
#
# Settings (environment; sbatch passes the submitting shell's environment to the job):
#   SPX30DTE_BIN    the spx30dte executable                         default: spx30dte on PATH
#   SWEEP_SPACE     a space file laid over the plan's chromosome (the format `spx30dte config --space`
#                   prints; it may narrow, widen or add keys)       default: none, the plan's chromosome
#   SWEEP_SAMPLES   design points in the whole sweep                  default: 64
#   SWEEP_DESIGN    sobol, grid or random                             default: sobol
#   SWEEP_SEED      the design's seed                                 default: 1
#   SWEEP_SHARDS    N, the number of shards                           default: $SLURM_ARRAY_TASK_COUNT
#                   (set it when resubmitting only some tasks, e.g. --array=2, so N stays the sweep's)
#   SWEEP_FROM, SWEEP_TO   the backtest window (yyyy-mm-dd)           default: the command's own
#   SWEEP_OUT       the shared output folder                          default: ./sweep-out
#   SWEEP_THREADS   evaluation threads            default: $SLURM_CPUS_PER_TASK (1), the CPUs Slurm gave the task
#   SPX30DTE_DATA   the data folder                                   default: the command's own (./data)
#SBATCH --job-name=spx30dte-sweep
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=spx30dte-sweep-%A_%a.out
set -euo pipefail

fail() { echo "sweep-array.sh: $*" >&2; exit 2; }

[ -n "${SLURM_ARRAY_TASK_ID:-}" ] || fail "not a job array task (SLURM_ARRAY_TASK_ID unset): submit with sbatch --array=0-(N-1)"
bin=${SPX30DTE_BIN:-spx30dte}
command -v "$bin" >/dev/null 2>&1 || fail "SPX30DTE_BIN: $bin is not an executable"
[ -z "${SWEEP_SPACE:-}" ] || [ -r "$SWEEP_SPACE" ] || fail "SWEEP_SPACE: cannot read $SWEEP_SPACE"
shards=${SWEEP_SHARDS:-${SLURM_ARRAY_TASK_COUNT:-}}
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "SWEEP_SHARDS: '$shards' is not a positive count"
shard=$((SLURM_ARRAY_TASK_ID + 1))
[ "$shard" -le "$shards" ] || fail "array task $SLURM_ARRAY_TASK_ID is outside $shards shards: the array must be 0-$((shards - 1))"
out=${SWEEP_OUT:-sweep-out}
mkdir -p "$out"

args=(sweep --samples "${SWEEP_SAMPLES:-64}" --design "${SWEEP_DESIGN:-sobol}"
      --seed "${SWEEP_SEED:-1}" --shard "$shard/$shards" --threads "${SWEEP_THREADS:-${SLURM_CPUS_PER_TASK:-1}}")
[ -z "${SWEEP_SPACE:-}" ] || args+=(--space "$SWEEP_SPACE")
[ -z "${SWEEP_FROM:-}" ] || args+=(--from "$SWEEP_FROM")
[ -z "${SWEEP_TO:-}" ] || args+=(--to "$SWEEP_TO")
[ -z "${SPX30DTE_DATA:-}" ] || args+=(--data "$SPX30DTE_DATA")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/spx30dte-sweep-${SLURM_ARRAY_JOB_ID:-0}-$shard.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
echo "shard $shard/$shards on $(hostname) from $(date -u +%FT%TZ): $bin ${args[*]}"
"$bin" "${args[@]}" --db "$scratch/shard.db"
# Copy under a temporary name, then rename: a reader sees the whole shard or none.
cp "$scratch/shard.db" "$out/.shard-$shard.db.partial"
mv -f "$out/.shard-$shard.db.partial" "$out/shard-$shard.db"
echo "shard $shard/$shards done at $(date -u +%FT%TZ): $out/shard-$shard.db"
