#!/usr/bin/env bash
# Downloads OpenAI's CLIP ViT-B/32 from Hugging Face and exports it into a model folder.
# For a machine with internet access; the server itself never downloads anything.
#
# Usage: models/fetch-openai-clip.sh [OUT_DIR]        (default: models/openai-clip-vit-base-patch32)
# Needs: curl, java 17, and the built jar (./mvnw -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."

repo="openai/clip-vit-base-patch32"
out="${1:-models/openai-clip-vit-base-patch32}"
download="${CLIP_DOWNLOAD_DIR:-target/download/clip-vit-base-patch32}"
jar="target/quarkus-app/quarkus-run.jar"

[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
mkdir -p "$download"
for f in config.json model.safetensors vocab.json merges.txt; do
  if [ ! -s "$download/$f" ]; then
    echo "downloading $repo/$f" >&2
    curl -fL --retry 3 -o "$download/$f.part" "https://huggingface.co/$repo/resolve/main/$f"
    mv "$download/$f.part" "$download/$f"
  fi
done

java -Dorg.bytedeco.javacpp.cachedir="${JAVACPP_CACHE:-$PWD/target/javacpp-cache}" -jar "$jar" \
  export --checkpoint "$download" --name openai-clip-vit-base-patch32 --out "$out"
echo "exported to $out; verify it with: models/verify-openai-clip.sh $out" >&2
