#!/usr/bin/env python3
"""Builds a tiny, randomly initialised Qwen2.5-VL checkpoint in a folder, entirely offline.

    python makeTinyModel.py OUT_DIR
    python makeTinyModel.py --llava OUT_DIR     (a tiny image-text LLaVA for `transformers serve`)

The folder holds what a real checkpoint holds, so python/rewatch_worker.py loads it exactly as it
loads ReWatch-R1: config.json + model.safetensors + generation_config.json (a Qwen2.5-VL with a
64-wide, 2-layer language model and a 2-block vision tower), a byte-level BPE tokenizer trained here
on a few sentences with Qwen's special tokens and chat template, and the processor's
preprocessor_config.json and chat_template.json as the Hub repository of Qwen2.5-VL has them.

Nothing is downloaded. Needs torch, transformers (>= 4.49) and tokenizers; not torchvision. The
weights are random: the text it generates is noise, which is all the worker tests need.
"""
import json
import os
import sys

SPECIAL_TOKENS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|image_pad|>",
    "<|video_pad|>",
]

# Qwen2.5-VL's chat template, reduced to what the worker sends: a system message (text parts or a
# string), user messages with image / video / text parts, and the generation prompt.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
    "<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif content['type'] == 'video' or 'video' in content %}<|vision_start|><|video_pad|><|vision_end|>"
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}"
    "{% endfor %}{% endif %}<|im_end|>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

CORPUS = [
    "<action>Rewatch 00:12-00:18 to count the cups.</action>",
    "<observation>Three cups are on the table; the man lifts the left one.</observation>",
    "<answer>B</answer> The ball is under the middle cup at the end of the video.",
    "Watch the video and answer the question. Think step by step before you answer.",
    "The woman opens the door, walks to the window and looks outside for a while.",
    "What happens after the car stops? How many people get out? Why does the dog bark?",
    "0123456789 :-.,;!?()[]<>/ first second third then finally because so",
]


def build_tokenizer(folder):
    """A byte-level BPE trained here, written as a Qwen2 checkpoint's tokenizer files and loaded back.

    The files (tokenizer.json, vocab.json + merges.txt, tokenizer_config.json naming Qwen2Tokenizer,
    as Qwen2.5-VL's own) load through AutoTokenizer on every transformers version: 4.x gives a
    Qwen2TokenizerFast from tokenizer.json, 5.x its tokenizers-backed Qwen2Tokenizer. Building the
    class from a `tokenizer_object` instead is 4.x-only.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import AutoTokenizer

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=512,
        special_tokens=SPECIAL_TOKENS,  # ids 0..6, in this order; added to the tokenizer as special tokens
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    raw.train_from_iterator(CORPUS * 4, trainer)
    ids = {token: raw.token_to_id(token) for token in SPECIAL_TOKENS}
    if None in ids.values():
        raise SystemExit("the trained tokenizer lacks a special token: %s" % ids)

    os.makedirs(folder, exist_ok=True)
    raw.save(os.path.join(folder, "tokenizer.json"))
    raw.model.save(folder)  # vocab.json and merges.txt
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(
            {
                "tokenizer_class": "Qwen2Tokenizer",
                "bos_token": None,
                "eos_token": "<|im_end|>",
                "pad_token": "<|endoftext|>",
                "unk_token": None,
                "additional_special_tokens": [t for t in SPECIAL_TOKENS if t not in ("<|endoftext|>", "<|im_end|>")],
                "clean_up_tokenization_spaces": False,
                "errors": "replace",
                "split_special_tokens": False,
                "model_max_length": 32768,
                "chat_template": CHAT_TEMPLATE,
            },
            f,
            indent=2,
        )
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    tokenizer.chat_template = CHAT_TEMPLATE

    # The ids the config will name must be the tokenizer's, and the vision markers single tokens.
    got = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}
    if got != ids:
        raise SystemExit("%s maps the special tokens to %s, not %s" % (type(tokenizer).__name__, got, ids))
    markers = "<|vision_start|><|video_pad|><|vision_end|>"
    encoded = list(tokenizer(markers, add_special_tokens=False)["input_ids"])
    if encoded != [ids["<|vision_start|>"], ids["<|video_pad|>"], ids["<|vision_end|>"]]:
        raise SystemExit("%s splits the vision markers: %r -> %s" % (type(tokenizer).__name__, markers, encoded))
    return tokenizer


# As Qwen2.5-VL's preprocessor_config.json: OpenAI CLIP's mean and std, min 4 merged patches, max 16384.
PREPROCESSOR = {
    "do_convert_rgb": True,
    "do_normalize": True,
    "do_rescale": True,
    "do_resize": True,
    "image_mean": [0.48145466, 0.4578275, 0.40821073],
    "image_std": [0.26862954, 0.26130258, 0.27577711],
    "image_processor_type": "Qwen2VLImageProcessor",
    "processor_class": "Qwen2_5_VLProcessor",
    "min_pixels": 4 * 28 * 28,
    "max_pixels": 16384 * 28 * 28,
    "merge_size": 2,
    "patch_size": 14,
    "resample": 3,
    "rescale_factor": 1 / 255,
    "temporal_patch_size": 2,
}


def write_processor(folder):
    """The processor files a Qwen2.5-VL checkpoint ships, written as JSON (as the Hub repository has them).

    Built from these files, transformers makes the image processor and (4.52 on, with torchvision) the
    video processor itself; nothing here needs torchvision, which the CPU test environment lacks.
    """
    with open(os.path.join(folder, "preprocessor_config.json"), "w", encoding="utf-8") as f:
        json.dump(PREPROCESSOR, f, indent=2)
    with open(os.path.join(folder, "chat_template.json"), "w", encoding="utf-8") as f:
        json.dump({"chat_template": CHAT_TEMPLATE}, f, indent=2)


def build_model(tokenizer):
    import torch
    from transformers import GenerationConfig, Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}
    config = Qwen2_5_VLConfig(
        vision_config={
            "depth": 2,
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_heads": 2,
            "out_hidden_size": 64,
            "in_channels": 3,
            "patch_size": 14,
            "spatial_merge_size": 2,
            "temporal_patch_size": 2,
            "tokens_per_second": 2,
            "window_size": 112,
            "fullatt_block_indexes": [1],
        },
        # The language model (read as the text config by transformers >= 4.52, as top-level fields before).
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=8192,
        max_window_layers=2,
        rope_theta=1000000.0,
        # head_dim 16: the rotary half (8) split over time, height and width.
        rope_scaling={"type": "mrope", "mrope_section": [2, 3, 3]},
        tie_word_embeddings=False,
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|im_end|>"],
        pad_token_id=ids["<|endoftext|>"],
    )
    torch.manual_seed(0)
    model = Qwen2_5_VLForConditionalGeneration(config).to(torch.bfloat16)
    model.generation_config = GenerationConfig(
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=[ids["<|im_end|>"], ids["<|endoftext|>"]],
        pad_token_id=ids["<|endoftext|>"],
        # Like Qwen2.5-VL's own file: top_k 1 (the worker overrides it when sampling).
        do_sample=True,
        temperature=0.1,
        top_p=0.001,
        top_k=1,
        # Random weights may pick an end token at any step: suppressed, a run lasts exactly its token
        # limit, which the tests rely on (and a cancel always has a run to stop).
        suppress_tokens=[ids["<|im_end|>"], ids["<|endoftext|>"]],
    )
    return model


def build_llava(folder, tokenizer):
    """A tiny LLaVA (CLIP vision tower, Qwen2 language model): an image-text model that `transformers serve`
    can load without torchvision (its processor takes images only), for the server backend's tests."""
    import torch
    from transformers import CLIPImageProcessor, CLIPVisionConfig, GenerationConfig, LlavaConfig, LlavaForConditionalGeneration, LlavaProcessor, Qwen2Config

    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL_TOKENS}
    config = LlavaConfig(
        vision_config=CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, image_size=56, patch_size=14, projection_dim=32),
        text_config=Qwen2Config(
            vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=8192, tie_word_embeddings=False,
            bos_token_id=ids["<|endoftext|>"], eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"],
        ),
        image_token_id=ids["<|image_pad|>"],
        vision_feature_select_strategy="default",
        vision_feature_layer=-1,
    )
    torch.manual_seed(0)
    model = LlavaForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        bos_token_id=ids["<|endoftext|>"], eos_token_id=[ids["<|im_end|>"]], pad_token_id=ids["<|endoftext|>"], do_sample=False,
        suppress_tokens=[ids["<|im_end|>"], ids["<|endoftext|>"]],  # as the Qwen model above: runs last their token limit
    )
    model.save_pretrained(folder)
    image_processor = CLIPImageProcessor(size={"shortest_edge": 56}, crop_size={"height": 56, "width": 56})
    # num_additional_image_tokens: the CLS embedding CLIP adds, which the "default" strategy then drops.
    processor = LlavaProcessor(image_processor=image_processor, tokenizer=tokenizer, patch_size=14, vision_feature_select_strategy="default", image_token="<|image_pad|>", num_additional_image_tokens=1, chat_template=CHAT_TEMPLATE)
    processor.save_pretrained(folder)
    return model


def main(argv):
    if len(argv) == 3 and argv[1] == "--llava":
        out = os.path.abspath(argv[2])
        tokenizer = build_tokenizer(out)
        model = build_llava(out, tokenizer)
        print(json.dumps({"folder": out, "parameters": sum(p.numel() for p in model.parameters()), "vocab": len(tokenizer), "architecture": "llava"}))
        return 0
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    out = os.path.abspath(argv[1])
    os.makedirs(out, exist_ok=True)
    tokenizer = build_tokenizer(out)
    model = build_model(tokenizer)
    model.save_pretrained(out)  # safetensors: the default since transformers 4.35, the only format in 5
    write_processor(out)
    parameters = sum(p.numel() for p in model.parameters())
    print(json.dumps({"folder": out, "parameters": parameters, "vocab": len(tokenizer)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
