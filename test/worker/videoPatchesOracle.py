"""Checks the worker's video_patches (Qwen2.5-VL's video inputs built without torchvision) two ways:

1. against transformers' own image processor (Qwen2VLImageProcessorPil, which needs no torchvision):
   Qwen2-VL lays out an image as a video whose frames come in identical pairs, so a video of paired
   frames must give exactly the image processor's patches of each distinct frame, in order;
2. against a plain loop over every output value (frame, channel, row, column from its row and column
   index, as the layout is documented), for videos whose frames all differ, odd counts padded.

Run with the worker test environment's Python; prints one JSON object.

    python videoPatchesOracle.py PATH/TO/python/rewatch_worker.py
"""
import importlib.util
import json
import sys
import warnings

import numpy as np

MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def loop_reference(frames, patch=14, temporal=2, merge=2):
    """Each output value found by walking the documented order: rows by (t, h/merge, w/merge, merge row,
    merge column), values by (channel, frame within the temporal patch, patch row, patch column)."""
    count, channels, height, width = frames.shape
    padded = list(frames) + [frames[-1]] * (-count % temporal)
    grid_t, grid_h, grid_w = len(padded) // temporal, height // patch, width // patch
    out = np.zeros((grid_t * grid_h * grid_w, channels * temporal * patch * patch), dtype=np.float32)
    row = 0
    for t in range(grid_t):
        for bh in range(grid_h // merge):
            for bw in range(grid_w // merge):
                for mh in range(merge):
                    for mw in range(merge):
                        y0 = (bh * merge + mh) * patch
                        x0 = (bw * merge + mw) * patch
                        col = 0
                        for c in range(channels):
                            for k in range(temporal):
                                frame = padded[t * temporal + k]
                                for y in range(patch):
                                    for x in range(patch):
                                        value = frame[c, y0 + y, x0 + x] / 255.0
                                        out[row, col] = (value - MEAN[c]) / STD[c]
                                        col += 1
                        row += 1
    return out, (grid_t, grid_h, grid_w)


def main(worker_path):
    spec = importlib.util.spec_from_file_location("rewatch_worker", worker_path)
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    import transformers
    from transformers import Qwen2VLImageProcessorPil

    rng = np.random.default_rng(7)
    report = {"transformers": transformers.__version__, "image_processor": [], "loop": []}
    processor = Qwen2VLImageProcessorPil(min_pixels=4 * 28 * 28, max_pixels=16384 * 28 * 28)
    for distinct, height, width in ((2, 56, 84), (1, 28, 28), (3, 84, 56)):
        images = rng.integers(0, 256, size=(distinct, 3, height, width)).astype(np.uint8)
        video = np.repeat(images, 2, axis=0).astype(np.float32)  # f0 f0 f1 f1 ...
        ours, grid = worker.video_patches(video)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = processor(images=[image.transpose(1, 2, 0) for image in images], do_resize=False, return_tensors="np")
        expected = np.asarray(theirs["pixel_values"], dtype=np.float32)
        report["image_processor"].append({
            "case": [distinct * 2, height, width],
            "shapes": [list(ours.shape), list(expected.shape)],
            "grid": list(grid),
            "image_grids": [[int(v) for v in g] for g in theirs["image_grid_thw"]],
            "max_abs_diff": float(np.max(np.abs(ours - expected))) if ours.shape == expected.shape else None,
        })
    for count, height, width in ((4, 56, 84), (3, 28, 56), (5, 56, 28)):
        frames = rng.integers(0, 256, size=(count, 3, height, width)).astype(np.float32)
        ours, grid = worker.video_patches(frames)
        expected, expected_grid = loop_reference(frames)
        report["loop"].append({
            "case": [count, height, width],
            "shapes": [list(ours.shape), list(expected.shape)],
            "grids": [list(grid), list(expected_grid)],
            "max_abs_diff": float(np.max(np.abs(ours - expected))) if ours.shape == expected.shape else None,
        })
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
