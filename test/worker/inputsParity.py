"""Where transformers' own Qwen2.5-VL processor can take a video (transformers 4.52+ with torchvision, or
4.49-4.51), compares its model inputs with the worker's own (VisionInputs "torch", used without torchvision)
for the same frames and prompt. Prints one JSON object.

    python inputsParity.py PATH/TO/python/rewatch_worker.py MODEL_FOLDER
"""
import importlib.util
import json
import sys


def main(worker_path, model_path):
    spec = importlib.util.spec_from_file_location("rewatch_worker", worker_path)
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    import torch
    import transformers
    from transformers import AutoTokenizer, Qwen2_5_VLForConditionalGeneration

    usable, why = worker.torchvision_state()
    report = {"transformers": transformers.__version__, "torchvision": usable, "why": why}
    if not usable and worker.version_tuple(transformers.__version__) >= (4, 52):
        print(json.dumps(report))
        return
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_path, local_files_only=True)
    processor_inputs = worker.VisionInputs.load(model_path, transformers, worker.PROCESSOR_MAX_PIXELS)
    tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
    own = worker.VisionInputs("torch", tokenizer, config=worker.read_vision_config(model_path), chat_template=worker.read_chat_template(model_path, tokenizer))
    torch.manual_seed(3)
    frames = (torch.rand(8, 3, 224, 420) * 255).round()
    messages = [{"role": "user", "content": [{"type": "video", "video": "file:///v.mp4"}, {"type": "text", "text": "What happens?"}]}]
    a = processor_inputs.inputs(messages, [frames], 2.0, model, torch)
    b = own.inputs(messages, [frames], 2.0, model, torch)
    report.update(
        kind=processor_inputs.kind,
        keys=[sorted(a.keys()), sorted(b.keys())],
        input_ids=bool(torch.equal(a["input_ids"], b["input_ids"])),
        grid=[a["video_grid_thw"].tolist(), b["video_grid_thw"].tolist()],
        second_per_grid_ts=[[float(v) for v in a["second_per_grid_ts"]], [float(v) for v in b["second_per_grid_ts"]]],
        max_abs_diff=float((a["pixel_values_videos"].float() - b["pixel_values_videos"].float()).abs().max()),
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
