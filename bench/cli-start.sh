#!/usr/bin/env bash
# CLI start-up (issue 12): whole-process wall time and peak RSS of
#   mlnetgenre predict <model> <one GTZAN file>                       (target <= 0.5 s)
#   mlnetgenre features <60 GTZAN tracks> --set seed001 --sample-rate 22050   (target <= 1.2 s, librosa: ~12 s here)
# for the published program (`dotnet publish`: self-contained, one composite ReadyToRun image) and the plain Release build, run alternately
# (this VM's speed drifts between minutes, so only interleaved runs compare). Median of --rounds runs each.
# Then, once per program, a whole `run` of experiments/seed001-gtzan-baselines.yaml (seed 001's full grids) on the
# same tracks (target < 120 s; it took 95-105 s in the published program with dynamic PGO, 35-42 s without: a
# regression of the published program shows here, not in the plain build the tests use).
#
#   bash bench/cli-start.sh [--rounds 9] [--data ../shared/data]
# Needs ../shared/data/gtzan16k and GNU time (/usr/bin/time, Debian package `time`) for the peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=9
data=../shared/data
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
tracks="$data/gtzan16k"
[ -d "$tracks" ] || { echo "cli-start: $tracks is missing (the shared GTZAN tracks)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "cli-start: /usr/bin/time is missing: apt-get install time" >&2; exit 1; }

out=bench/out/cli-start
rm -rf "$out"; mkdir -p "$out"
echo "building: dotnet publish (self-contained, composite ReadyToRun) and dotnet build -c Release ..."
dotnet publish -c Release src/Experiments -o "$out/published" > "$out/publish.log" 2>&1 || { tail -20 "$out/publish.log"; exit 1; }
dotnet build -c Release src/Experiments > "$out/build.log" 2>&1 || { tail -20 "$out/build.log"; exit 1; }
published="$out/published/mlnetgenre"
built=src/Experiments/bin/Release/net10.0/mlnetgenre

# The quickstart with every family (exit code 0 only if every trial succeeded: TorchSharp works in the published
# program too); its logistic regression on MFCC statistics is the model to predict with.
"$published" run experiments/quickstart.yaml --output "$out/run" > "$out/run.log" 2>&1 || { tail -20 "$out/run.log"; exit 1; }
model=$(ls "$out"/run/quickstart/*/models/logreg-r0-f0.onnx | head -1)
song=$(ls "$tracks"/blues/*.wav | head -1)

# One measurement: "seconds peak_kb" of a whole process.
measure() { /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" > /dev/null 2>&1; cat "$out/time.txt"; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# This VM's speed drifts by a third between hours; a fixed Python loop, timed in every round, says how fast it was
# during this run (0.35-0.36 s in a fast hour of 2026-12-03), so that runs of different hours can be compared.
pace=""
declare -A wall rss
for program in published built; do wall[$program-predict]=""; wall[$program-features]=""; rss[$program-predict]=0; rss[$program-features]=0; done
for ((r = 1; r <= rounds; r++)); do
  read -r s kb < <(measure /usr/bin/python3 -c "sum(i * i for i in range(10**7))"); pace+="$s "
  for program in published built; do
    binary=$([ $program = published ] && echo "$published" || echo "$built")
    read -r s kb < <(measure "$binary" predict "$model" "$song")
    wall[$program-predict]+="$s "; (( kb > rss[$program-predict] )) && rss[$program-predict]=$kb
    read -r s kb < <(measure "$binary" features "$tracks" --set seed001 --sample-rate 22050 --out "$out/features.csv")
    wall[$program-features]+="$s "; (( kb > rss[$program-features] )) && rss[$program-features]=$kb
  done
done

# One whole run of seed 001's baselines per program (each run writes a fresh output folder).
declare -A runwall runrss
for program in published built; do
  binary=$([ $program = published ] && echo "$published" || echo "$built")
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$binary" run experiments/seed001-gtzan-baselines.yaml --dataset-root "$tracks" \
    --output "$out/seed001-$program" > "$out/seed001-$program.log" 2>&1 || { tail -20 "$out/seed001-$program.log"; exit 1; }
  read -r s kb < "$out/time.txt"
  runwall[$program]=$s; runrss[$program]=$kb
done

echo
echo "mlnetgenre start-up, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC, median of $rounds alternated runs"
echo
echo "| command | program | median wall (s) | runs (s) | peak RSS (MB) | target (s) | median / target |"
echo "|---|---|---:|---|---:|---:|---:|"
for command in predict features; do
  target=$([ $command = predict ] && echo 0.5 || echo 1.2)
  for program in published built; do
    m=$(echo "${wall[$program-$command]}" | tr ' ' '\n' | grep . | median)
    runs=$(echo "${wall[$program-$command]}" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
    printf "| %s | %s | %.2f | %s| %d | %s | %.2f |\n" "$command" "$program" "$m" "$runs" $(( rss[$program-$command] / 1024 )) "$target" "$(echo "$m / $target" | bc -l)"
  done
done
for program in published built; do
  printf "| run seed001-gtzan-baselines | %s | %.1f | (one run) | %d | 120 | %.2f |\n" "$program" "${runwall[$program]}" $(( runrss[$program] / 1024 )) "$(echo "${runwall[$program]} / 120" | bc -l)"
done
echo
echo "VM pace: a fixed python3 loop took $(echo "$pace" | tr ' ' '\n' | grep . | median) s (median of $rounds, one per round)"
echo "librosa's whole process on the same 60 files here: ~12 s (issue 12's figure); features, published: $(echo "12 / $(echo "${wall[published-features]}" | tr ' ' '\n' | grep . | median)" | bc -l | xargs printf '%.1f')x faster"
