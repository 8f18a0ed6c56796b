#!/usr/bin/env bash
# Merges the shards of a sweep into one trial log: `spx30dte sweep merge shard-1.db ... --db sweep.db`.
# Submitted by deploy/slurm/submit-sweep.sh to run after every task of the array has succeeded.
#
# Settings (environment): SPX30DTE_BIN, SWEEP_OUT and SWEEP_SHARDS as in sweep-array.sh (SWEEP_SHARDS
# required here); the merged log is $SWEEP_OUT/sweep.db, written beside and renamed into place.
#SBATCH --job-name=spx30dte-sweep-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --output=spx30dte-sweep-merge-%j.out
set -euo pipefail

fail() { echo "sweep-merge.sh: $*" >&2; exit 2; }

bin=${SPX30DTE_BIN:-spx30dte}
command -v "$bin" >/dev/null 2>&1 || fail "SPX30DTE_BIN: $bin is not an executable"
shards=${SWEEP_SHARDS:-}
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "SWEEP_SHARDS: '$shards' is not a positive count"
out=${SWEEP_OUT:-sweep-out}

inputs=()
for k in $(seq "$shards"); do
  [ -f "$out/shard-$k.db" ] || fail "$out/shard-$k.db is missing: shard $k/$shards did not finish"
  inputs+=("$out/shard-$k.db")
done
scratch=$(mktemp -d "${TMPDIR:-/tmp}/spx30dte-sweep-merge.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"$bin" sweep merge "${inputs[@]}" --db "$scratch/sweep.db"
cp "$scratch/sweep.db" "$out/.sweep.db.partial"
mv -f "$out/.sweep.db.partial" "$out/sweep.db"
echo "merged $shards shards into $out/sweep.db at $(date -u +%FT%TZ)"
