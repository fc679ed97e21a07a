"""The baseline of `npm run bench:worker`: the same model, frames and prompt as the worker's run, through a
bare transformers generate loop (no protocol, no streamer, no stopping criterion), timed in-process.
Prints one JSON object: import, load, preparing the inputs (decode + patches), first token (prefill), tokens/s, peak RSS.

    python bareGenerate.py WORKER_SCRIPT MODEL VIDEO MAX_NEW_TOKENS
"""
import importlib.util
import json
import resource
import sys
import time

started = time.perf_counter()


def main(worker_path, model_path, video_path, max_new_tokens):
    import torch
    import transformers
    from transformers import Qwen2_5_VLForConditionalGeneration

    imported = time.perf_counter()
    spec = importlib.util.spec_from_file_location("rewatch_worker", worker_path)
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_path, local_files_only=True, dtype=torch.float32, attn_implementation="sdpa").eval()
    vision = worker.VisionInputs.load(model_path, transformers, worker.PROCESSOR_MAX_PIXELS)
    loaded = time.perf_counter()
    request = dict(worker.DEFAULTS, model=model_path, video=video_path, prompt="What happens in the video?")
    messages = [{"role": "user", "content": [worker.video_element(video_path, request), {"type": "text", "text": request["prompt"]}]}]

    def prepare():
        # The same frames and inputs as the worker's (its decoder and input builder, called directly).
        video, fps, _ = worker.decode_video(video_path, request, torch)
        return vision.inputs(messages, [video], fps, model, torch)

    with torch.inference_mode():
        for warm in (True, False):  # the second pass is timed, as the worker's warm run is
            t = time.perf_counter()
            inputs = prepare()
            prepared = time.perf_counter() - t
            t0 = time.perf_counter()
            model.generate(**inputs, max_new_tokens=1, do_sample=False)
            first = time.perf_counter() - t0
        t1 = time.perf_counter()
        output = model.generate(**inputs, max_new_tokens=max_new_tokens, do_sample=False)
        total = time.perf_counter() - t1
    tokens = int(output.shape[-1]) - int(inputs["input_ids"].shape[-1])
    print(json.dumps({
        "importMs": (imported - started) * 1000,
        "loadMs": (loaded - imported) * 1000,
        "prepareMs": prepared * 1000,
        "firstTokenMs": first * 1000,
        "tokens": tokens,
        # generate's own decode rate: (tokens - 1) steps after the prefill, the prefill measured apart.
        "tokensPerSecond": (tokens - 1) / max(1e-9, total - first),
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
