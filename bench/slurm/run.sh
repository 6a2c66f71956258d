#!/usr/bin/env bash
# Wall time of an experiment through Slurm with 1, 2 and 4 array tasks, beside a plain run of the same spec.
# Needs a running cluster: SLURM_CONF pointing at its slurm.conf (tests/Experiments.Tests/SlurmCluster.cs shows how
# to start a single-node one as root). Usage: bench/slurm/run.sh <spec.yaml> [--dataset-root DIR]
set -euo pipefail
spec=$(realpath "$1"); shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$repo/src/Experiments" -v q >/dev/null
cli=("dotnet" "$repo/src/Experiments/bin/Release/net10.0/mlnetgenre.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
"${cli[@]}" run "$spec" "$@" --output "$work/plain" >/dev/null
plain=$(echo "$(date +%s.%N) - $start" | bc)
echo "plain run: ${plain} s"
for tasks in 1 2 4; do
  start=$(date +%s.%N)
  "${cli[@]}" slurm "$spec" "$@" --output "$work/t$tasks" --tasks "$tasks" --submit >/dev/null
  ids=$(python3 -c "import json,glob;print(','.join(json.load(open(glob.glob('$work/t$tasks/*/slurm-*/slurm.json')[0]))['job_ids']))")
  while [ -n "$(squeue -h -j "$ids" 2>/dev/null)" ]; do sleep 0.5; done
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  echo "slurm, $tasks task(s) per array: ${wall} s (${tasks} feature + ${tasks} trial tasks + 1 report job)"
done
