#!/usr/bin/env python3
"""Reads one `classify` JSON line on stdin and checks its logits, in --label order, against the
expected values given as arguments (relative tolerance 1e-3). Standard library only."""
import json
import sys

want = [float(x) for x in sys.argv[1:]]
row = json.loads(sys.stdin.readline())
# classify sorts labels by probability; the expected logits are in the order the labels were given.
by_label = {l["label"]: l["logit"] for l in row["labels"]}
labels = ["a photo of a cat", "a photo of a dog"][: len(want)]
got = [by_label[l] for l in labels]
ok = all(abs(g - w) <= 1e-3 * abs(w) for g, w in zip(got, want))
print(("PASS" if ok else "FAIL") + f" logits {[round(g, 4) for g in got]} expected {want} (rtol 1e-3)")
sys.exit(0 if ok else 1)
