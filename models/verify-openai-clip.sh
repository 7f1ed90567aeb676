#!/usr/bin/env bash
# Checks an exported openai/clip-vit-base-patch32 against Hugging Face's published example:
# COCO val2017 000000039769.jpg (two cats) with "a photo of a cat" / "a photo of a dog" gives
# logits_per_image [[24.5701, 19.3049]] (transformers' CLIPModel docs). Passes at rtol 1e-3.
#
# Usage: models/verify-openai-clip.sh MODEL_DIR [IMAGE]   (downloads the image when not given)
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:?usage: $0 MODEL_DIR [IMAGE]}"
image="${2:-target/download/000000039769.jpg}"
if [ ! -s "$image" ]; then
  mkdir -p "$(dirname "$image")"
  curl -fL --retry 3 -o "$image" http://images.cocodataset.org/val2017/000000039769.jpg
fi
java -Dorg.bytedeco.javacpp.cachedir="${JAVACPP_CACHE:-$PWD/target/javacpp-cache}" \
  -jar target/quarkus-app/quarkus-run.jar classify --model "$model" --image "$image" \
  --template "{}" --label "a photo of a cat" --label "a photo of a dog" \
  | python3 models/check_logits.py 24.5701 19.3049
