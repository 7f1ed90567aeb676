#!/usr/bin/env bash
# Builds with the CUDA natives (-Pgpu) and runs the same benchmark on a GPU machine.
# Usage: bench/gpu.sh [extra bench args]   (e.g. --seconds 5 --max-batch 256)
# Results land in bench/results/<date>-<host>/ like the CPU run; name the GPU in the commit.
# Needs Java 17, an NVIDIA driver with the CUDA libraries TF-Java's natives load, and Maven Central
# (or a Maven repository already holding tensorflow-core-native:1.1.0:linux-x86_64-gpu, 526 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Dorg.bytedeco.javacpp.cachedir=$PWD/target/javacpp-cache"
./mvnw -q -B -Pgpu -DskipTests package
exec java --add-modules jdk.incubator.vector -jar target/quarkus-app/quarkus-run.jar bench --max-batch 256 --concurrency 1,4,16,64,256 "$@"
