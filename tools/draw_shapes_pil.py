#!/usr/bin/env python3
"""Draws colour x shape test images with Pillow: a renderer other than the Java2D one the default
model was trained on, to check that it recognises shapes drawn by other software.

Writes OUT/manifest.jsonl ({"image": ..., "caption": "a photo of a {colour} {shape}"}) and PNG/JPEG
images at 224x224 (white, grey or black background, centred or off-centre, varied size).

Usage: /work/venv/bin/python tools/draw_shapes_pil.py OUT [--per-class 2] [--seed 7]
"""
import argparse
import json
import math
import os
import random

from PIL import Image, ImageDraw

COLOURS = {
    "red": (220, 20, 20), "green": (20, 160, 40), "blue": (20, 60, 220), "yellow": (250, 220, 0),
    "orange": (255, 140, 0), "purple": (128, 0, 170), "pink": (255, 105, 180), "brown": (120, 70, 20),
}
SHAPES = ["circle", "square", "triangle", "star", "hexagon", "cross", "heart", "crescent"]


def polygon(cx, cy, r, n, phase):
    return [(cx + r * math.cos(phase + 2 * math.pi * i / n), cy + r * math.sin(phase + 2 * math.pi * i / n)) for i in range(n)]


def draw_shape(d, shape, cx, cy, r, fill, bg, rot):
    if shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif shape == "square":
        d.polygon(polygon(cx, cy, r * 1.1, 4, math.pi / 4 + rot), fill=fill)
    elif shape == "triangle":
        d.polygon(polygon(cx, cy, r, 3, -math.pi / 2 + rot), fill=fill)
    elif shape == "hexagon":
        d.polygon(polygon(cx, cy, r, 6, rot), fill=fill)
    elif shape == "star":
        pts = []
        for i in range(10):
            rr = r if i % 2 == 0 else r * 0.4
            a = -math.pi / 2 + rot + math.pi * i / 5
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        d.polygon(pts, fill=fill)
    elif shape == "cross":
        a = r * 0.32
        d.rectangle([cx - a, cy - r, cx + a, cy + r], fill=fill)
        d.rectangle([cx - r, cy - a, cx + r, cy + a], fill=fill)
    elif shape == "heart":
        rr = r * 0.52
        d.ellipse([cx - 2 * rr + 2, cy - r * 0.75, cx + 2, cy - r * 0.75 + 2 * rr], fill=fill)
        d.ellipse([cx - 2, cy - r * 0.75, cx + 2 * rr - 2, cy - r * 0.75 + 2 * rr], fill=fill)
        d.polygon([(cx - r * 0.98, cy - r * 0.15), (cx + r * 0.98, cy - r * 0.15), (cx, cy + r * 0.95)], fill=fill)
    elif shape == "crescent":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
        o = r * 0.55
        d.ellipse([cx - r + o, cy - r - 2, cx + r + o, cy + r - 2], fill=bg)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--per-class", type=int, default=2)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    lines = []
    for colour, rgb in COLOURS.items():
        for shape in SHAPES:
            for k in range(a.per_class):
                bg = rnd.choice([(255, 255, 255), (200, 200, 200), (128, 128, 128), (20, 20, 20)])
                im = Image.new("RGB", (224, 224), bg)
                d = ImageDraw.Draw(im)
                r = rnd.uniform(35, 80)
                cx = rnd.uniform(r + 5, 219 - r)
                cy = rnd.uniform(r + 5, 219 - r)
                draw_shape(d, shape, cx, cy, r, rgb, bg, rnd.uniform(-0.3, 0.3))
                name = f"{colour}_{shape}_{k}." + ("jpg" if k % 2 else "png")
                im.save(os.path.join(a.out, name), quality=90)
                lines.append({"image": name, "caption": f"a photo of a {colour} {shape}"})
    with open(os.path.join(a.out, "manifest.jsonl"), "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    print(f"{len(lines)} images in {a.out}")


if __name__ == "__main__":
    main()
