#!/usr/bin/env bash
# Regenerates docs/RESULTS.md (and docs/RESULTS-plots/, docs/results/*.json) from ../shared/data on stories260K.
# Usage: docs/regenerate-results.sh [WORK_DIR]   (about an hour on 2 quiet cores; WORK_DIR keeps the model and banks)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${TAGLLM_SHARED_DATA:-../shared/data}
WORK=${1:-/tmp/tagllm-results}
MODEL=$WORK/stories260K
mkdir -p "$WORK" docs/results
[ -f "$MODEL/config.json" ] || ./tagllm import-llama2c --checkpoint "$DATA/models/stories260K/stories260K.bin" \
    --tokenizer "$DATA/models/stories260K/tok512.bin" --out "$MODEL"

# One protocol for every task and method (see docs/RESULTS.md, "Protocol").
COMMON=(--model "$MODEL" --data-dir "$DATA" --banks "$WORK/banks" --lrs 3e-3,1e-2 --epochs 3 --batch 16
        --vectors 10 --max-tokens 320 --max-train 2000 --max-eval 1000 --data-seed 0)
MAIN=mean,fingerprint,linear-probe,prompt-tuning,tag-llm
ABLATIONS=tag-llm,no-domain-tags,no-function-tag,no-head

evaluate() { # NAME TASKS METHODS SEEDS
    ./tagllm evaluate "${COMMON[@]}" --tasks "$2" --methods "$3" --seeds "$4" --out "$WORK/$1"
    cp "$WORK/$1/results.json" "docs/results/$1.json"
}
# Ablations first: the report takes a task's protocol line from the last file naming it.
evaluate ablations qed,oneil "$ABLATIONS" 0
evaluate qed qed "$MAIN" 0,1,2
evaluate molecules esol,lipo,bbbp "$MAIN" 0
evaluate oneil oneil "$MAIN" 0
evaluate davis davis "$MAIN" 0
evaluate gb1 gb1 "$MAIN" 0
./tagllm zero-shot --model "$MODEL" --data-dir "$DATA" --out "$WORK/zero-shot" --seeds 0
cp "$WORK/zero-shot/zero-shot.json" docs/results/zero-shot.json
cp "$WORK/zero-shot/zero-shot.md" docs/results/zero-shot.md

./tagllm report --results docs/results/ablations.json,docs/results/qed.json,docs/results/molecules.json,docs/results/oneil.json,docs/results/davis.json,docs/results/gb1.json \
    --include docs/results/zero-shot.md,docs/results-notes.md --out docs/RESULTS.md
