#!/usr/bin/env bash
# Runs JMH microbenchmarks (src/test/java/**/jmh/*Benchmark.java). Not part of the test suite.
# Usage: bench/jmh.sh [JMH args, e.g. TokenizerBenchmark -f 1 -wi 2 -i 3 -t 1]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java --add-modules jdk.incubator.vector -Dorg.bytedeco.javacpp.cachedir="$PWD/target/javacpp-cache" \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$@"
