#!/usr/bin/env bash
# Instructions per decision of the engine's core, load-independent (docs/benchmarks-engine.md):
# callgrind over the DecisionBenchmarks loop at two decision counts, JIT methods named from the perf map.
# Usage: scripts/profile-decisions.sh approve|decline|approve-batched|decline-batched [label]   (after a Release build of Pool.Benchmarks)
set -euo pipefail
method=${1:-approve}
label=${2:-run}
out=${PROFILE_OUT:-/tmp/pool-decision-profile}
cards=${PROFILE_CARDS:-100000}
small=20000
large=100000
mkdir -p "$out"
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../Pool.Benchmarks/bin/Release/net10.0"
# valgrind does not emulate AVX-512 and mis-executes some BMI instructions the JIT emits (wrong results,
# no SIGILL), so both are off; before/after comparisons must use the same flags.
export DOTNET_TieredCompilation=0 DOTNET_TieredPGO=0 DOTNET_PerfMapEnabled=1 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 DOTNET_EnableAVX10v1=0 DOTNET_EnableAVX10v2=0 DOTNET_EnableBMI1=0 DOTNET_EnableBMI2=0 DOTNET_gcConcurrent=0
for n in $small $large; do
  valgrind --tool=callgrind --callgrind-out-file="$out/$label-$method-$n.out" dotnet Pool.Benchmarks.dll decisions-profile "$method" "$n" "$cards" > "$out/$label-$method-$n.log" 2>&1
  pid=$(grep -o '^==[0-9]*==' "$out/$label-$method-$n.log" | head -1 | tr -d '=')
  mv "/tmp/perf-$pid.map" "$out/$label-$method-$n.map"
done
python3 "$here/callgrind-jit-symbols.py" --per-operation \
  $small "$out/$label-$method-$small.out" "$out/$label-$method-$small.map" \
  $large "$out/$label-$method-$large.out" "$out/$label-$method-$large.map" 25
