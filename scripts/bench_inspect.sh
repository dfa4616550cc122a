#!/usr/bin/env bash
# `ortkit inspect` (plain, --nodes, and --nodes --cost, which also run ONNX shape inference in a
# crash-guard child), `ortkit graph` (the HTML view, written beside the model) and `ortkit check`
# (static rules only, and with the rules that load the model in ONNX Runtime) against a full
# protobuf parse of the same generated model (default ~1 GiB of weights): median wall time and
# peak RSS of each (a child's included), every run in its own process, and the ratios.
# Usage: scripts/bench_inspect.sh [BUILD_DIR] [SIZE_MIB] [RUNS]
#   COLD=1 also measures with the page cache dropped before every run (needs root).
#   KEEP_MODEL=PATH writes the model there and keeps it (default: a temp dir, removed at the end).
set -euo pipefail
build=${1:-build}
mib=${2:-1024}
runs=${3:-5}
bench="$build/bench/ortkit_inspect_bench"
ortkit="$build/src/ortkit"
for b in "$bench" "$ortkit"; do
  [[ -x $b ]] || { echo "bench_inspect: $b not built (run: cmake --build $build)" >&2; exit 2; }
done

if [[ -n ${KEEP_MODEL:-} ]]; then
  model=$KEEP_MODEL
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  model="$tmp/big.onnx"
fi
echo "generating $model ($mib MiB of weights)..."
/usr/bin/time -f "generator: %e s, peak RSS %M KiB" "$bench" generate "$model" "$mib" 2>&1
size=$(stat -c %s "$model")
cat "$model" > /dev/null  # every variant starts from a warm page cache

measure() {  # label, extra measure flags, command...
  local label=$1 flags=$2
  shift 2
  # shellcheck disable=SC2086
  echo "$label $("$bench" measure --runs "$runs" $flags -- "$@")"
}

results=$(
  measure "ortkit_inspect" "" "$ortkit" inspect "$model"
  measure "ortkit_inspect_json" "" "$ortkit" inspect "$model" --json
  measure "ortkit_inspect_nodes" "" "$ortkit" inspect "$model" --nodes
  measure "ortkit_inspect_cost" "" "$ortkit" inspect "$model" --nodes --cost --dim batch=1
  measure "ortkit_graph" "" "$ortkit" graph "$model" -o "$(dirname "$model")/graph.html" --force
  measure "ortkit_graph_no_check" "" "$ortkit" graph "$model" -o "$(dirname "$model")/graph.html" --force --no-check
  # --fail-on never: exit 0 whatever the findings (the measuring child must succeed).
  measure "ortkit_check_no_ort" "" "$ortkit" check "$model" --no-ort --fail-on never
  measure "ortkit_check" "" "$ortkit" check "$model" --fail-on never
  measure "SummarizeModel" "" "$bench" summarize "$model"
  measure "ParseFromString" "" "$bench" parse "$model"
  measure "ParseFromIstream" "" "$bench" parse-stream "$model"
  if [[ ${COLD:-0} == 1 ]]; then
    measure "ortkit_inspect(cold)" "--drop-caches" "$ortkit" inspect "$model"
    measure "ParseFromString(cold)" "--drop-caches" "$bench" parse "$model"
  fi
)

echo
echo "model: $size bytes; median of $runs runs each; peak RSS is the largest of the runs"
echo "$results" | awk -v size="$size" '
  {
    label = $1; split($2, w, "="); split($3, r, "="); wall[label] = w[2]; rss[label] = r[2]; order[NR] = label
  }
  END {
    printf "%-22s %12s %14s %12s\n", "variant", "wall (ms)", "peak RSS (MiB)", "RSS / file"
    for (i = 1; i <= NR; i++) {
      l = order[i]
      printf "%-22s %12.1f %14.1f %11.2f%%\n", l, wall[l], rss[l] / 1024, 100 * rss[l] * 1024 / size
    }
    base = "ParseFromString"
    printf "\nParseFromString / ortkit inspect: %.0fx the time, %.0fx the peak RSS\n",
      wall[base] / wall["ortkit_inspect"], rss[base] / rss["ortkit_inspect"]
    if ("ortkit_inspect(cold)" in wall)
      printf "cold cache: %.0fx the time\n", wall["ParseFromString(cold)"] / wall["ortkit_inspect(cold)"]
  }'
