#!/usr/bin/env python3
"""ReWatch Inspector's inference worker: runs a local ReWatch-R1 / Qwen2.5-VL checkpoint on one video
and one prompt at a time and streams the generated chain.

A long-lived process speaking JSON Lines (protocol 1). Requests arrive on stdin, one JSON object a
line; every answer is one JSON object a line on stdout. stdout carries nothing but protocol lines:
at start the real stdout is set aside for them and file descriptor 1 is pointed at stderr, so
whatever a library prints (and every log line and traceback of ours) goes to stderr.

    -> {"id": 1, "type": "probe"}
    <- {"id": 1, "type": "probe", "python": "3.11.7", "packages": {...}, "cuda": {...}, "device": {...}}
    -> {"id": 2, "type": "generate", "model": "/ckpt", "video": "/v.mp4", "prompt": "...", "device": "auto", ...}
    <- {"id": 2, "type": "phase", "phase": "loading"} {"type": "device", "device": "cpu", ...} ... {"type": "frames", ...}
    <- {"id": 2, "type": "token", "text": "..."} ...
    <- {"id": 2, "type": "done", "tokens": 812, "cancelled": false}   (or one "error" line)
    -> {"id": 2, "type": "cancel"}          stops generate 2 (it ends with done, cancelled: true)
    -> {"type": "shutdown"}                 exits 0 (so does the end of stdin)

Only the standard library is imported at start; torch, transformers and the video decoders are
imported when a request needs them, so that their absence is reported as a protocol error naming
the fix rather than a crash. See python/README.md.
"""
from __future__ import annotations

import importlib
import json
import math
import os
import platform
import queue
import re
import shutil
import subprocess
import sys
import threading
import traceback

PROTOCOL = 1
MIN_PYTHON = (3, 9)

# Module name -> the distribution names importlib.metadata may know it by.
PACKAGES = {
    "torch": ("torch",),
    "transformers": ("transformers",),
    "qwen_vl_utils": ("qwen-vl-utils", "qwen_vl_utils"),
    "flash_attn": ("flash-attn", "flash_attn"),
    "decord": ("decord", "eva-decord"),
    "av": ("av",),
    "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"),
    "torchvision": ("torchvision",),
    "accelerate": ("accelerate",),
    "numpy": ("numpy",),
}

# Qwen2.5-VL's vision rules (qwen_vl_utils): frame sides are multiples of 28 (14-pixel patches merged
# 2x2), frame counts multiples of 2 (the temporal patch), at least 4 frames when sampling by fps.
IMAGE_FACTOR = 28
FRAME_FACTOR = 2
MAX_RATIO = 200
DEFAULTS = {
    "system": None,
    "device": "auto",
    "dtype": "auto",
    "attention": "auto",
    "fps": 2.0,
    "min_frames": 4,
    "max_frames": 192,
    "max_pixels": 128 * 28 * 28,
    "min_pixels": 4 * 28 * 28,
    "temperature": 0.8,
    "top_p": 0.9,
    "top_k": None,
    "max_new_tokens": 4096,
    "seed": None,
    "return_ids": False,
}
DEVICES = ("auto", "cuda", "mps", "cpu")
# Bytes a weight takes in each dtype; checkpoints of unknown dtype count as 2 (bf16/fp16, as Qwen's).
DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2}
# Loading needs the weights and then some: buffers, the vision tower's activations over the frames.
LOAD_MARGIN = 1.2
LOAD_EXTRA_BYTES = 512 * 1024 * 1024
DTYPES = {"bfloat16": "bfloat16", "bf16": "bfloat16", "float16": "float16", "fp16": "float16", "half": "float16", "float32": "float32", "fp32": "float32", "auto": "auto"}
ATTENTIONS = ("auto", "flash_attention_2", "sdpa", "eager")
# The pixel bounds the processor is loaded with. The frames reach it already sized by the rules above
# (sides multiples of 28 within the request's min/max pixels), so its own smart_resize must leave
# them as they are: its min_pixels is one merged patch (transformers' Qwen2VLVideoProcessor would
# otherwise upscale anything under its default 128x28x28) and its max_pixels Qwen2.5-VL's largest.
PROCESSOR_MIN_PIXELS = IMAGE_FACTOR * IMAGE_FACTOR
PROCESSOR_MAX_PIXELS = 16384 * IMAGE_FACTOR * IMAGE_FACTOR
# Once a cancel arrives mid-generation, the run ends this long after at the latest (the client kills
# the worker when no "done" comes within 5 s).
CANCEL_FINISH_S = 2.0
# On shutdown the process leaves after this long even when a model is still loading.
SHUTDOWN_GRACE_S = 1.5

MODEL_FIX = (
    "Set rewatchInspector.inference.modelPath to a local checkpoint folder (one holding config.json and the "
    "*.safetensors weights, e.g. a downloaded ReWatch-R1 or Qwen2.5-VL-7B-Instruct); models are not downloaded."
)
MEMORY_FIX = (
    "Free memory (close other programs, or other models on the GPU: see nvidia-smi), use a device with more "
    "(rewatchInspector.inference.device), a smaller dtype (rewatchInspector.inference.dtype: bfloat16 rather than "
    "float32), a smaller checkpoint, or run the model on a server (rewatchInspector.inference.backend: server)."
)
OOM_FIX = (
    "Sample fewer frames (rewatchInspector.inference.maxFrames, e.g. 96) or fewer pixels a frame "
    "(rewatchInspector.inference.maxPixels), or use a smaller dtype (rewatchInspector.inference.dtype bfloat16 "
    "rather than float32); close other programs using the GPU (see nvidia-smi)."
)


def log(message: str) -> None:
    sys.stderr.write("[rewatch-worker] " + message + "\n")
    sys.stderr.flush()


class Failure(Exception):
    """A request failed for a reason we can name: an InferenceError (code, message, fix)."""

    def __init__(self, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fix = fix


class BadRequest(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Environment: interpreter, packages, CUDA


def interpreter() -> str:
    """sys.executable, quoted when a shell would split it."""
    exe = sys.executable or "python3"
    return '"' + exe + '"' if re.search(r"[\s'\"&;()]", exe) else exe


def pip_install(packages: str) -> str:
    return interpreter() + " -m pip install " + packages


def module_available(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def package_version(module: str):
    """The installed version of a module's distribution, "unknown" when only the module is found, else None."""
    from importlib import metadata

    for dist in PACKAGES.get(module, (module,)):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
        except Exception:  # a broken dist-info folder
            continue
    return "unknown" if module_available(module) else None


def no_cuda_reason(torch) -> str:
    version = getattr(torch, "__version__", "?")
    built_for = getattr(getattr(torch, "version", None), "cuda", None)
    if built_for is None and getattr(getattr(torch, "version", None), "hip", None) is None:
        return "torch %s is a CPU-only build (torch.version.cuda is None)" % version
    return (
        "torch %s (built for CUDA %s) sees no GPU: torch.cuda.is_available() is False "
        "(no NVIDIA driver, a driver older than the build, or CUDA_VISIBLE_DEVICES hides the GPUs)" % (version, built_for)
    )


def mps_available(torch) -> bool:
    backend = getattr(getattr(torch, "backends", None), "mps", None)
    try:
        return bool(backend is not None and backend.is_available())
    except Exception:
        return False


def cpu_name() -> str:
    threads = os.cpu_count() or 1
    return "%s CPU (%d thread%s)" % (platform.machine() or "unknown", threads, "" if threads == 1 else "s")


def pick_device(torch, wanted: str) -> dict:
    """The device a run uses: {"device", "name", "reason"}; a Failure when the one asked for is not there.

    auto: CUDA when torch sees a GPU, else Apple's MPS, else the CPU.
    """
    cuda = bool(torch.cuda.is_available())
    mps = mps_available(torch)
    if wanted == "cuda" or (wanted == "auto" and cuda):
        if not cuda:
            raise Failure(
                "no-device",
                "rewatchInspector.inference.device is cuda, but " + no_cuda_reason(torch) + ".",
                "Install a CUDA build of torch for this interpreter (e.g. %s --index-url https://download.pytorch.org/whl/cu124, "
                "matching your driver) and check that nvidia-smi lists a GPU; or set rewatchInspector.inference.device to auto "
                "(the GPU when there is one, else the CPU)." % pip_install("torch"),
            )
        index = torch.cuda.current_device()
        return {"device": "cuda", "name": str(torch.cuda.get_device_name(index)), "reason": "CUDA is available" if wanted == "auto" else "asked for"}
    if wanted == "mps" or (wanted == "auto" and mps):
        if not mps:
            raise Failure(
                "no-device",
                "rewatchInspector.inference.device is mps, but torch %s cannot use Apple's Metal (MPS) here: it needs an Apple "
                "silicon Mac with macOS 12.3 or later and a torch built with MPS." % getattr(torch, "__version__", "?"),
                "Set rewatchInspector.inference.device to auto or cpu, or install torch for macOS (%s)." % pip_install("-U torch"),
            )
        return {"device": "mps", "name": "Apple Metal (MPS)", "reason": "no CUDA; MPS is available" if wanted == "auto" else "asked for"}
    reason = "asked for" if wanted == "cpu" else "no CUDA GPU and no MPS (" + no_cuda_reason(torch) + ")"
    return {"device": "cpu", "name": cpu_name(), "reason": reason}


def resolve_dtype(torch, device: str, requested: str) -> str:
    """The weights' dtype. auto: bfloat16 on a GPU that has it (else float16), float16 on MPS, float32 on the CPU."""
    dtype = DTYPES[requested]
    if dtype == "auto":
        if device == "cuda":
            return "bfloat16" if bf16_supported(torch) else "float16"
        return "float16" if device == "mps" else "float32"
    if dtype == "bfloat16" and device == "cuda" and not bf16_supported(torch):
        log("this GPU has no bfloat16 support; loading in float16")
        return "float16"
    return dtype


def bf16_supported(torch) -> bool:
    check = getattr(torch.cuda, "is_bf16_supported", None)
    try:
        return bool(check()) if check is not None else True
    except Exception:
        return False


_TORCHVISION = None


def torchvision_state():
    """(importable, why not): torchvision imported for real, once (a build for another torch fails here)."""
    global _TORCHVISION
    if _TORCHVISION is None:
        if not module_available("torchvision"):
            _TORCHVISION = (False, "not installed")
        else:
            try:
                importlib.import_module("torchvision")
                _TORCHVISION = (True, None)
            except Exception as error:
                _TORCHVISION = (False, "installed but cannot be imported: %s: %s" % (type(error).__name__, root_cause(error)))
                log("torchvision %s" % _TORCHVISION[1])
    return _TORCHVISION


def probe() -> dict:
    packages = {name: package_version(name) for name in PACKAGES}
    broken = {}
    cuda = {"available": False, "devices": [], "error": None, "version": None}
    device = {"selected": None, "name": None, "reason": None, "mps": False}
    if packages["torch"] is None:
        cuda["error"] = "torch is not installed"
        device["reason"] = "torch is not installed"
    else:
        try:
            import torch

            cuda["version"] = getattr(getattr(torch, "version", None), "cuda", None)
            if torch.cuda.is_available():
                devices = []
                for index in range(torch.cuda.device_count()):
                    props = torch.cuda.get_device_properties(index)
                    devices.append({"name": str(props.name), "total_mib": int(props.total_memory // (1024 * 1024))})
                cuda["available"] = True
                cuda["devices"] = devices
            else:
                cuda["error"] = no_cuda_reason(torch)
            device["mps"] = mps_available(torch)
            picked = pick_device(torch, "auto")
            device.update(selected=picked["device"], name=picked["name"], reason=picked["reason"])
        except Exception as error:  # a broken install, a driver error
            cuda["error"] = "torch could not be used: %s: %s" % (type(error).__name__, error)
            device["reason"] = cuda["error"]
        if packages["torchvision"] is not None:
            importable, why = torchvision_state()
            if not importable:
                # Its metadata says installed; it is not usable, so it is not reported as a version.
                broken["torchvision"] = "%s %s" % (packages["torchvision"], why)
                packages["torchvision"] = None
    return {"python": platform.python_version(), "executable": sys.executable, "packages": packages, "broken": broken, "cuda": cuda, "device": device}


# ---------------------------------------------------------------------------------------------
# Requests


def _number(msg: dict, name: str, minimum=None, integer=False, allow_none=False, exclusive=False):
    value = msg.get(name, DEFAULTS.get(name))
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadRequest("%s must be a number, got %s" % (name, json.dumps(value)))
    if integer:
        if value != int(value):
            raise BadRequest("%s must be a whole number, got %s" % (name, value))
        value = int(value)
    if minimum is not None and (value <= minimum if exclusive else value < minimum):
        raise BadRequest("%s must be %s %s, got %s" % (name, "above" if exclusive else "at least", minimum, value))
    return value


def _text(msg: dict, name: str, allow_none=False):
    value = msg.get(name, DEFAULTS.get(name))
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise BadRequest("%s must be a string, got %s" % (name, json.dumps(value)))
    return value


def parse_generate(msg: dict) -> dict:
    """The generate request with defaults filled in; raises BadRequest naming the first bad field."""
    for name in ("model", "video", "prompt"):
        if name not in msg:
            raise BadRequest("generate needs %s" % name)
    request = {
        "model": _text(msg, "model"),
        "video": _text(msg, "video"),
        "prompt": _text(msg, "prompt"),
        "system": _text(msg, "system", allow_none=True),
        "device": _text(msg, "device"),
        "dtype": _text(msg, "dtype"),
        "attention": _text(msg, "attention"),
        "fps": _number(msg, "fps", 0, exclusive=True),
        "min_frames": _number(msg, "min_frames", 1, integer=True),
        "max_frames": _number(msg, "max_frames", 2, integer=True),
        "max_pixels": _number(msg, "max_pixels", IMAGE_FACTOR * IMAGE_FACTOR, integer=True),
        "min_pixels": _number(msg, "min_pixels", 1, integer=True),
        "temperature": _number(msg, "temperature", 0),
        "top_p": _number(msg, "top_p", 0, exclusive=True),
        "top_k": _number(msg, "top_k", 0, integer=True, allow_none=True),
        "max_new_tokens": _number(msg, "max_new_tokens", 1, integer=True),
        "seed": _number(msg, "seed", 0, integer=True, allow_none=True),
        "return_ids": msg.get("return_ids", DEFAULTS["return_ids"]),
    }
    if not isinstance(request["return_ids"], bool):
        raise BadRequest("return_ids must be true or false, got %s" % json.dumps(request["return_ids"]))
    if request["device"] not in DEVICES:
        raise BadRequest("device must be one of %s, got %s" % (", ".join(DEVICES), json.dumps(request["device"])))
    if request["dtype"] not in DTYPES:
        raise BadRequest("dtype must be one of %s, got %s" % (", ".join(sorted(set(DTYPES.values()))), json.dumps(request["dtype"])))
    if request["attention"] not in ATTENTIONS:
        raise BadRequest("attention must be one of %s, got %s" % (", ".join(ATTENTIONS), json.dumps(request["attention"])))
    if request["top_p"] > 1:
        raise BadRequest("top_p must be at most 1, got %s" % request["top_p"])
    if request["min_pixels"] > request["max_pixels"]:
        raise BadRequest("min_pixels (%d) is above max_pixels (%d)" % (request["min_pixels"], request["max_pixels"]))
    return request


def strip_file_uri(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def check_model(path: str) -> str:
    if path.strip() == "":
        raise Failure("model-missing", "No model path is set.", MODEL_FIX)
    folder = os.path.expanduser(strip_file_uri(path))
    if not os.path.exists(folder):
        raise Failure("model-missing", "The model folder %s does not exist." % folder, MODEL_FIX)
    if not os.path.isdir(folder):
        raise Failure("model-missing", "The model path %s is a file, not a checkpoint folder." % folder, MODEL_FIX)
    if not os.path.isfile(os.path.join(folder, "config.json")):
        raise Failure("model-missing", "The model folder %s holds no config.json: it is not a Hugging Face checkpoint folder." % folder, MODEL_FIX)
    return folder


def check_video(path: str) -> str:
    video = os.path.expanduser(strip_file_uri(path))
    fix = "Link the sample's video (rewatchInspector.videoRoots / sourceRoots, or \"Choose folder...\" in the video panel) or check that the file is there."
    if video.strip() == "":
        raise Failure("video-missing", "The sample names no video file.", fix)
    if not os.path.isfile(video):
        raise Failure("video-missing", "The video %s was not found." % video, fix)
    return os.path.abspath(video)


def root_cause(error: BaseException) -> str:
    """The first line of the innermost exception a chain of them was raised from (what actually went wrong)."""
    seen = set()
    while id(error) not in seen:
        seen.add(id(error))
        inner = error.__cause__ or error.__context__
        if inner is None:
            break
        error = inner
    return first_line(error)


def import_stack():
    """torch and transformers, or a missing-packages Failure naming what is missing (or broken) and the fix."""
    missing = [name for name in ("torch", "transformers") if not module_available(name)]
    exe = sys.executable or "python3"
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise Failure(
            "missing-packages",
            "%s %s not installed for %s (Python %s)." % (" and ".join(missing), verb, exe, platform.python_version()),
            "Install them into this interpreter: %s (a CUDA build of torch for a GPU: https://pytorch.org/get-started/locally/), "
            "or set rewatchInspector.inference.python to an interpreter that has them." % pip_install("torch transformers"),
        )
    imported = []
    for name in ("torch", "transformers"):
        try:
            imported.append(importlib.import_module(name))
        except Exception as error:
            raise Failure(
                "missing-packages",
                "%s is installed for %s but could not be imported: %s: %s" % (name, exe, type(error).__name__, root_cause(error)),
                "Reinstall it: %s" % pip_install("--force-reinstall %s" % name),
            )
    torch, transformers = imported
    version = getattr(transformers, "__version__", "?")
    try:
        getattr(transformers, "Qwen2_5_VLForConditionalGeneration")
    except AttributeError:
        raise Failure(
            "missing-packages",
            "transformers %s has no Qwen2.5-VL support (4.49 or later is needed; ReWatch-R1 uses 4.56)." % version,
            "Upgrade it: %s" % pip_install("-U \"transformers>=4.49\""),
        )
    except Exception as error:
        # transformers imports the model lazily; a broken dependency (most often a torchvision built for
        # another torch: "operator torchvision::nms does not exist") fails here, not at `import transformers`.
        cause = root_cause(error)
        said = "%s %s" % (error, cause)
        if "torchvision" in said or (module_available("torchvision") and not torchvision_state()[0]):
            fix = (
                "torchvision %s does not match torch %s. The worker does not need torchvision: uninstall it (%s -m pip uninstall torchvision), "
                "or install the torchvision built for this torch (see https://pytorch.org/get-started/locally/)."
                % (package_version("torchvision") or "?", getattr(torch, "__version__", "?"), interpreter())
            )
        else:
            fix = "Reinstall transformers and what it depends on: %s" % pip_install("--force-reinstall transformers")
        raise Failure("missing-packages", "transformers %s cannot load Qwen2.5-VL: %s: %s" % (version, type(error).__name__, cause), fix)
    return torch, transformers


# ---------------------------------------------------------------------------------------------
# Memory: will the checkpoint fit where it is going?

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth")


def checkpoint_bytes(folder: str) -> int:
    """The size of a checkpoint's weight files (their length is what loading reads, sparse or not)."""
    total = 0
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name.endswith(WEIGHT_SUFFIXES) and not name.startswith("training_args") and os.path.isfile(path):
            total += os.path.getsize(path)
    return total


def stored_dtype(folder: str):
    """The dtype config.json says the weights are stored in (torch_dtype / dtype, top level or text_config)."""
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError):
        return None
    for section in (config, config.get("text_config") or {}):
        for key in ("torch_dtype", "dtype"):
            value = section.get(key) if isinstance(section, dict) else None
            if isinstance(value, str) and value in DTYPE_BYTES:
                return value
    return None


def available_bytes(torch, device: str):
    """Free memory on the device (bytes), or None when it cannot be told."""
    try:
        if device == "cuda":
            return int(torch.cuda.mem_get_info(torch.cuda.current_device())[0])
        if device == "mps":
            mps = getattr(torch, "mps", None)
            limit = getattr(mps, "recommended_max_memory", None)
            used = getattr(mps, "driver_allocated_memory", None)
            if limit is not None:
                return int(limit() - (used() if used is not None else 0))
    except Exception as error:
        log("could not read the free memory of %s: %s" % (device, error))
        return None
    return available_ram()


def available_ram():
    """MemAvailable (Linux), else the available physical pages, else Windows' available physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        pass
    if sys.platform == "win32":
        import ctypes

        class Status(ctypes.Structure):
            _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong), ("available", ctypes.c_ulonglong),
                        ("total_page", ctypes.c_ulonglong), ("available_page", ctypes.c_ulonglong), ("total_virtual", ctypes.c_ulonglong),
                        ("available_virtual", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]

        status = Status()
        status.length = ctypes.sizeof(Status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return int(status.available)
    return None


def gigabytes(count: int) -> str:
    return "%.1f GB" % (count / 1e9)


def check_memory(folder: str, dtype: str, picked: dict, available) -> None:
    """Refuses a checkpoint that cannot fit, before loading it (loading would swap, or get the process killed)."""
    weights = checkpoint_bytes(folder)
    if weights == 0 or available is None:
        log("memory check skipped (%s)" % ("no weight files found" if weights == 0 else "free memory unknown"))
        return
    stored = DTYPE_BYTES.get(stored_dtype(folder) or "", 2)
    loaded = weights * DTYPE_BYTES.get(dtype, 2) // stored
    needed = int(loaded * LOAD_MARGIN) + LOAD_EXTRA_BYTES
    where = "the GPU (%s)" % picked["name"] if picked["device"] != "cpu" else "RAM"
    log("memory check: weights %s on disk, about %s in %s; %s needed, %s free in %s" % (gigabytes(weights), gigabytes(loaded), dtype, gigabytes(needed), gigabytes(available), where))
    if needed > available:
        raise Failure(
            "out-of-memory",
            "Not enough memory to load %s on the %s: its weights take about %s in %s (%s with what loading and the frames need), "
            "and %s has %s free." % (folder, picked["device"].upper() if picked["device"] != "cpu" else "CPU", gigabytes(loaded), dtype, gigabytes(needed), where, gigabytes(available)),
            MEMORY_FIX,
        )


def is_out_of_memory(error: BaseException) -> bool:
    torch = sys.modules.get("torch")
    oom = getattr(getattr(torch, "cuda", None), "OutOfMemoryError", None) if torch is not None else None
    if isinstance(oom, type) and isinstance(error, oom):
        return True
    return "out of memory" in str(error).lower()


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# ---------------------------------------------------------------------------------------------
# Video sampling (the rules of qwen_vl_utils, used when it is not installed)


def _round_by(value: float, factor: int) -> int:
    return int(round(value / factor)) * factor


def _ceil_by(value: float, factor: int) -> int:
    return int(math.ceil(value / factor)) * factor


def _floor_by(value: float, factor: int) -> int:
    return int(math.floor(value / factor)) * factor


def smart_resize(height: int, width: int, min_pixels: int, max_pixels: int, factor: int = IMAGE_FACTOR):
    """Qwen's smart_resize: (height, width) rounded to multiples of `factor` with min_pixels <= h*w <= max_pixels."""
    if height <= 0 or width <= 0:
        raise Failure("video-missing", "The video reports a %dx%d frame size." % (width, height), "Check the video file (ffprobe it).")
    if max(height, width) / min(height, width) > MAX_RATIO:
        raise Failure("bad-request", "A %dx%d video is too elongated for the model (aspect ratio above %d)." % (width, height, MAX_RATIO), "Use another video.")
    h = max(factor, _round_by(height, factor))
    w = max(factor, _round_by(width, factor))
    if h * w > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h = max(factor, _floor_by(height / beta, factor))
        w = max(factor, _floor_by(width / beta, factor))
    elif h * w < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h = _ceil_by(height * beta, factor)
        w = _ceil_by(width * beta, factor)
    return h, w


def frame_count(total_frames: int, video_fps: float, fps: float, min_frames: int, max_frames: int) -> int:
    """qwen_vl_utils' smart_nframes: duration x fps within [min_frames, max_frames] and the frames there are, even."""
    total_frames = max(1, int(total_frames))
    lower = _ceil_by(min_frames, FRAME_FACTOR)
    upper = _floor_by(min(max_frames, total_frames), FRAME_FACTOR)
    wanted = total_frames / video_fps * fps if video_fps > 0 else float(lower)
    count = min(min(max(wanted, lower), upper), total_frames)
    return max(FRAME_FACTOR, _floor_by(count, FRAME_FACTOR))


def frame_indices(total_frames: int, count: int) -> list:
    """round(linspace(0, total - 1, count)), as qwen_vl_utils picks frames (repeats when the video is shorter)."""
    last = max(0, int(total_frames) - 1)
    if count <= 1:
        return [0]
    return [int(round(i * last / (count - 1))) for i in range(count)]


def _probe_with_ffprobe(ffprobe: str, path: str):
    result = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:format=duration", "-of", "json", path],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
    )
    if result.returncode != 0:
        raise RuntimeError("ffprobe failed: " + result.stderr.decode("utf-8", "replace").strip()[-500:])
    info = json.loads(result.stdout.decode("utf-8", "replace") or "{}")
    streams = info.get("streams") or []
    if not streams:
        raise RuntimeError("ffprobe found no video stream")
    stream = streams[0]

    def rate(text):
        try:
            num, _, den = str(text).partition("/")
            value = float(num) / float(den or 1)
            return value if math.isfinite(value) and value > 0 else 0.0
        except (ValueError, ZeroDivisionError):
            return 0.0

    def seconds(text):
        try:
            value = float(text)
            return value if math.isfinite(value) and value > 0 else 0.0
        except (TypeError, ValueError):
            return 0.0

    video_fps = rate(stream.get("avg_frame_rate")) or rate(stream.get("r_frame_rate"))
    duration = seconds(stream.get("duration")) or seconds((info.get("format") or {}).get("duration"))
    return int(stream.get("width") or 0), int(stream.get("height") or 0), duration, video_fps


def _probe_with_ffmpeg(ffmpeg: str, path: str):
    result = subprocess.run([ffmpeg, "-hide_banner", "-nostdin", "-i", path], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    text = result.stderr.decode("utf-8", "replace")
    duration = re.search(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)", text)
    size = re.search(r"Video:.*?(\d{2,5})x(\d{2,5})", text)
    rate = re.search(r"(\d+(?:\.\d+)?)\s*fps", text)
    if not duration or not size:
        raise RuntimeError("ffmpeg could not read the video: " + text.strip()[-500:])
    seconds = int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3))
    return int(size.group(1)), int(size.group(2)), seconds, float(rate.group(1)) if rate else 0.0


def ffmpeg_frames(path: str, fps: float, min_frames: int, max_frames: int, min_pixels: int, max_pixels: int, ffmpeg: str = None):
    """The last-resort decoder (stdlib only): the ffmpeg binary picks qwen_vl_utils' frames and scales them.

    Returns (count, width, height, rgb24 bytes of count frames, sample fps).
    """
    ffmpeg = ffmpeg or shutil.which("ffmpeg")
    if not ffmpeg:
        raise RuntimeError("ffmpeg is not on PATH")
    sibling = os.path.join(os.path.dirname(ffmpeg), "ffprobe" + (".exe" if ffmpeg.lower().endswith(".exe") else ""))
    ffprobe = sibling if os.path.isfile(sibling) else shutil.which("ffprobe")
    width, height, duration, video_fps = _probe_with_ffprobe(ffprobe, path) if ffprobe else _probe_with_ffmpeg(ffmpeg, path)
    if duration <= 0:
        raise RuntimeError("the video reports no duration")
    video_fps = video_fps or 25.0
    total = max(1, int(round(duration * video_fps)))
    count = frame_count(total, video_fps, fps, min_frames, max_frames)
    indices = frame_indices(total, count)
    out_h, out_w = smart_resize(height, width, min_pixels, max_pixels)
    unique = sorted(set(indices))
    select = "select=" + "+".join("eq(n\\,%d)" % i for i in unique)
    graph = "%s,scale=%d:%d:flags=bicubic,format=rgb24" % (select, out_w, out_h)
    frame_bytes = out_w * out_h * 3
    data = b""
    for sync in (["-fps_mode", "passthrough"], ["-vsync", "0"]):
        args = [ffmpeg, "-v", "error", "-nostdin", "-i", path, "-an", "-sn", "-vf", graph] + sync + ["-frames:v", str(len(unique)), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
        result = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        if result.returncode == 0:
            data = result.stdout
            break
        said = result.stderr.decode("utf-8", "replace").strip()
        if "fps_mode" not in said and "Unrecognized option" not in said:
            raise RuntimeError("ffmpeg failed: " + said[-500:])
    got = len(data) // frame_bytes
    if got == 0:
        raise RuntimeError("ffmpeg decoded no frame")
    frames = [data[i * frame_bytes:(i + 1) * frame_bytes] for i in range(got)]
    # Frames past the real end (the frame total is estimated from duration x fps) repeat the last one.
    by_index = {index: frames[min(position, got - 1)] for position, index in enumerate(unique)}
    ordered = b"".join(by_index[index] for index in indices)
    return count, out_w, out_h, ordered, count / duration


class _FrameCollector:
    """Resizes decoded RGB frames (H x W x 3 uint8 arrays or tensors) to the planned size as they come."""

    def __init__(self, torch, min_pixels: int, max_pixels: int):
        self.torch = torch
        self.min_pixels = min_pixels
        self.max_pixels = max_pixels
        self.size = None
        self.frames = []

    def add(self, frame) -> None:
        torch = self.torch
        tensor = frame if isinstance(frame, torch.Tensor) else torch.from_numpy(frame)
        if tensor.dim() == 3 and tensor.shape[-1] in (3, 4) and tensor.shape[0] not in (3, 4):
            tensor = tensor[..., :3].permute(2, 0, 1)  # HWC -> CHW
        tensor = tensor[:3].float().unsqueeze(0)
        if self.size is None:
            self.size = smart_resize(int(tensor.shape[-2]), int(tensor.shape[-1]), self.min_pixels, self.max_pixels)
        if tuple(tensor.shape[-2:]) != self.size:
            tensor = torch.nn.functional.interpolate(tensor, size=self.size, mode="bicubic", align_corners=False, antialias=True)
        # Whole values, as torchvision's uint8 resize gives qwen_vl_utils: transformers' slow image
        # processor (which takes videos before 4.52) turns frames into PIL images and refuses floats
        # that are neither whole numbers in 0..255 nor in 0..1 (image_transforms._rescale_for_pil_conversion).
        self.frames.append(tensor.clamp_(0, 255).round_().squeeze(0))

    def video(self, count: int):
        if not self.frames:
            raise RuntimeError("no frame could be decoded")
        while len(self.frames) < count:  # a video shorter than its header says
            self.frames.append(self.frames[-1])
        return self.torch.stack(self.frames[:count])


def _decord_frames(path, plan, collector):
    import decord

    reader = decord.VideoReader(path, ctx=decord.cpu(0), num_threads=2)
    total, video_fps = len(reader), float(reader.get_avg_fps())
    count, indices = plan(total, video_fps)
    for start in range(0, len(indices), 16):
        batch = reader.get_batch(indices[start:start + 16]).asnumpy()
        for frame in batch:
            collector.add(frame)
    return count, total / video_fps if video_fps > 0 else 0.0


def _pyav_frames(path, plan, collector):
    import av

    with av.open(path) as container:
        stream = container.streams.video[0]
        video_fps = float(stream.average_rate or stream.guessed_rate or 0) or 25.0
        total = int(stream.frames or 0)
        if total <= 0:
            seconds = float(stream.duration * stream.time_base) if stream.duration else (container.duration or 0) / 1e6
            total = max(1, int(round(seconds * video_fps)))
        count, indices = plan(total, video_fps)
        wanted = {}
        for position, index in enumerate(indices):
            wanted.setdefault(index, []).append(position)
        picked = [None] * count
        last_index = max(indices)
        for number, frame in enumerate(container.decode(stream)):
            if number in wanted:
                array = frame.to_ndarray(format="rgb24")
                for position in wanted[number]:
                    picked[position] = array
            if number >= last_index:
                break
    for array in picked:
        if array is not None:
            collector.add(array)
    return count, total / video_fps


def _opencv_frames(path, plan, collector):
    import cv2

    capture = cv2.VideoCapture(path)
    try:
        if not capture.isOpened():
            raise RuntimeError("OpenCV could not open the video")
        total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        video_fps = float(capture.get(cv2.CAP_PROP_FPS) or 0) or 25.0
        count, indices = plan(max(1, total), video_fps)
        wanted = {}
        for index in indices:
            wanted[index] = wanted.get(index, 0) + 1
        number = 0
        last_index = max(indices)
        while number <= last_index and capture.grab():
            if number in wanted:
                ok, frame = capture.retrieve()
                if ok:
                    rgb = frame[:, :, ::-1].copy()
                    for _ in range(wanted[number]):
                        collector.add(rgb)
            number += 1
    finally:
        capture.release()
    return count, total / video_fps


def decode_video(path: str, request: dict, torch):
    """The video as Qwen2.5-VL's processor takes it: a (T, C, H, W) float tensor, with the sample fps."""
    fps, min_frames, max_frames = request["fps"], request["min_frames"], request["max_frames"]
    min_pixels, max_pixels = request["min_pixels"], request["max_pixels"]

    def plan(total, video_fps):
        count = frame_count(total, video_fps, fps, min_frames, max_frames)
        return count, frame_indices(total, count)

    errors = []
    for module, decode in (("decord", _decord_frames), ("av", _pyav_frames), ("cv2", _opencv_frames)):
        if not module_available(module):
            continue
        collector = _FrameCollector(torch, min_pixels, max_pixels)
        try:
            count, duration = decode(path, plan, collector)
            video = collector.video(count)
            return video, (count / duration if duration > 0 else fps), module
        except Failure:
            raise
        except Exception as error:
            log("%s could not decode %s: %s: %s" % (module, path, type(error).__name__, error))
            errors.append("%s: %s" % (module, first_line(error)))
    if shutil.which("ffmpeg"):
        try:
            count, width, height, data, sample_fps = ffmpeg_frames(path, fps, min_frames, max_frames, min_pixels, max_pixels)
            video = torch.frombuffer(bytearray(data), dtype=torch.uint8).view(count, height, width, 3).permute(0, 3, 1, 2).float()
            return video, sample_fps, "ffmpeg"
        except Failure:
            raise
        except Exception as error:
            log("ffmpeg could not decode %s: %s" % (path, error))
            errors.append("ffmpeg: %s" % first_line(error))
    if not errors:
        raise Failure(
            "missing-packages",
            "No video decoder is available to %s: none of qwen-vl-utils, decord, av or opencv-python is installed, and ffmpeg is not on PATH." % (sys.executable or "python3"),
            "Install one: %s" % pip_install("av"),
        )
    raise Failure("video-missing", "The video %s could not be decoded (%s)." % (path, "; ".join(errors)), "Check that the file plays (ffprobe it); re-encode it to H.264 MP4 if needed.")


# ---------------------------------------------------------------------------------------------
# The worker


class Run:
    """One generate request, from the line that asked for it to its single done/error line."""

    def __init__(self, rid: int) -> None:
        self.id = rid
        self.cancel = threading.Event()
        self.lock = threading.Lock()
        self.finished = False
        self.phase = "queued"
        self.tokens = 0


class Worker:
    def __init__(self, out) -> None:
        self._out = out
        self._out_lock = threading.Lock()
        self._queue = queue.Queue()
        self._runs = {}
        self._runs_lock = threading.Lock()
        self._loaded = None  # a Loaded
        self._device = None
        self._probes = []

    # Output -------------------------------------------------------------------------------

    def send(self, message: dict) -> None:
        line = json.dumps(message, ensure_ascii=False)
        with self._out_lock:
            try:
                self._out.write(line + "\n")
                self._out.flush()
            except (OSError, ValueError):  # the extension is gone
                os._exit(0)

    def error(self, rid, code: str, message: str, fix: str) -> dict:
        return {"id": rid, "type": "error", "code": code, "message": message, "fix": fix}

    def bad_request(self, rid, message: str) -> None:
        self.send(self.error(rid, "bad-request", message, "This is a bug in the extension or the worker; see the log and report it."))

    def finish(self, run: Run, message: dict) -> bool:
        """Sends the run's one terminal line (done or error); later attempts are dropped."""
        with run.lock:
            if run.finished:
                return False
            run.finished = True
            self.send(message)
        with self._runs_lock:
            if self._runs.get(run.id) is run:
                del self._runs[run.id]
        return True

    def emit(self, run: Run, message: dict) -> None:
        with run.lock:
            if not run.finished:
                self.send(message)

    def done(self, run: Run, tokens: int, cancelled: bool) -> dict:
        return {"id": run.id, "type": "done", "tokens": int(max(0, tokens)), "cancelled": bool(cancelled)}

    # Input (the stdin thread) ---------------------------------------------------------------

    def read_loop(self) -> None:
        stdin = sys.stdin.buffer
        while True:
            try:
                raw = stdin.readline()
            except (OSError, ValueError):
                raw = b""
            if not raw:
                log("stdin closed; leaving")
                self.shutdown()
                return
            try:
                self.handle_line(raw)
            except Exception:  # never let one line stop the reader
                log("could not handle a request line:\n" + traceback.format_exc())

    def handle_line(self, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            return
        try:
            message = json.loads(text)
        except ValueError as error:
            self.bad_request(None, "Not a JSON line (%s): %s" % (error, text[:200]))
            return
        if not isinstance(message, dict):
            self.bad_request(None, "A request must be a JSON object, got: %s" % text[:200])
            return
        kind = message.get("type")
        if kind == "shutdown":
            self.shutdown()
            return
        rid = message.get("id")
        if isinstance(rid, bool) or not isinstance(rid, int):
            self.bad_request(None, "A %s request needs an integer id, got %s." % (json.dumps(kind), json.dumps(rid)))
            return
        if kind == "probe":
            # Answered on its own thread, so a probe does not wait behind a run.
            thread = threading.Thread(target=self.answer_probe, args=(rid,), name="probe", daemon=True)
            self._probes.append(thread)
            thread.start()
        elif kind == "cancel":
            self.cancel(rid)
        elif kind == "generate":
            try:
                request = parse_generate(message)
            except BadRequest as error:
                self.bad_request(rid, "Bad generate request: %s." % error)
                return
            with self._runs_lock:
                if rid in self._runs:
                    busy = True
                else:
                    busy = False
                    self._runs[rid] = Run(rid)
            if busy:
                self.bad_request(rid, "A generate with id %d is already under way." % rid)
                return
            self._queue.put((rid, request))
        else:
            self.bad_request(rid, "Unknown request type %s (expected probe, generate, cancel or shutdown)." % json.dumps(kind))

    def cancel(self, rid: int) -> None:
        with self._runs_lock:
            run = self._runs.get(rid)
        if run is None:
            log("cancel for %d, which is not running (already ended?)" % rid)
            return
        run.cancel.set()
        if run.phase != "generating":
            # Queued, loading or sampling: end it now. The model still finishes loading (and stays
            # cached for the next run); nothing more is sent for this run.
            self.finish(run, self.done(run, 0, True))
        else:
            # The stopping criterion ends generation at the next token; this covers a slow step.
            timer = threading.Timer(CANCEL_FINISH_S, lambda: self.finish(run, self.done(run, run.tokens, True)))
            timer.daemon = True
            timer.start()

    def shutdown(self) -> None:
        with self._runs_lock:
            runs = list(self._runs.values())
        for run in runs:
            run.cancel.set()
        self._queue.put(None)
        timer = threading.Timer(SHUTDOWN_GRACE_S, lambda: os._exit(0))
        timer.daemon = True
        timer.start()

    # Work (the main thread) -----------------------------------------------------------------

    def serve(self) -> None:
        reader = threading.Thread(target=self.read_loop, name="stdin", daemon=True)
        self.send({"type": "ready", "protocol": PROTOCOL, "python": platform.python_version(), "pid": os.getpid()})
        reader.start()
        while True:
            item = self._queue.get()
            if item is None:
                for thread in list(self._probes):  # answer the probes asked before the shutdown
                    thread.join(SHUTDOWN_GRACE_S)
                return
            rid, request = item
            with self._runs_lock:
                run = self._runs.get(rid)
            if run is not None:  # else cancelled while queued
                self.generate(run, request)

    def answer_probe(self, rid: int) -> None:
        try:
            self.send(dict({"id": rid, "type": "probe"}, **probe()))
        except Exception as error:
            log(traceback.format_exc())
            self.send(self.error(rid, "internal", "The probe failed: %s: %s" % (type(error).__name__, error), "See the worker log."))
        finally:
            try:
                self._probes.remove(threading.current_thread())
            except ValueError:
                pass

    def generate(self, run: Run, request: dict) -> None:
        stage = "preparing"
        out_of_memory = False
        try:
            if run.cancel.is_set():
                self.finish(run, self.done(run, 0, True))
                return
            model_path = check_model(request["model"])
            video_path = check_video(request["video"])
            run.phase = "loading"
            self.emit(run, {"id": run.id, "type": "phase", "phase": "loading"})
            torch, _ = import_stack()
            picked = pick_device(torch, request["device"])
            stage = "loading the model"
            loaded = self.load(model_path, request, torch, picked)
            self.emit(run, dict({"id": run.id, "type": "device"}, **loaded.describe()))
            if run.cancel.is_set():
                self.finish(run, self.done(run, 0, True))
                return
            stage = "sampling the video"
            run.phase = "sampling"
            self.emit(run, {"id": run.id, "type": "phase", "phase": "sampling"})
            videos, sample_fps, (count, width, height) = self.sample(video_path, request, torch)
            self.emit(run, {"id": run.id, "type": "frames", "count": count, "width": width, "height": height})
            if run.cancel.is_set():
                self.finish(run, self.done(run, 0, True))
                return
            stage = "generating"
            tokens, ids = self.stream(run, request, video_path, loaded, videos, sample_fps, (count, width, height), torch)
            done = self.done(run, tokens, run.cancel.is_set())
            if request["return_ids"]:
                done["ids"] = ids
            self.finish(run, done)
        except Failure as failure:
            self.finish(run, self.error(run.id, failure.code, failure.message, failure.fix))
        except Exception as error:
            log("generate %d failed while %s:\n%s" % (run.id, stage, traceback.format_exc()))
            if is_out_of_memory(error):
                out_of_memory = True
                if stage == "loading the model":
                    self.unload()
                message = "The %s ran out of memory while %s: %s" % ("GPU" if self._device != "cpu" else "machine", stage, first_line(error))
                self.finish(run, self.error(run.id, "out-of-memory", message, OOM_FIX))
            elif isinstance(error, ImportError):
                name = missing_module(error)
                self.finish(run, self.error(
                    run.id, "missing-packages",
                    "A package is missing for %s while %s: %s" % (sys.executable or "python3", stage, root_cause(error)),
                    "Install it into this interpreter: %s (or set rewatchInspector.inference.python to an interpreter that has it)." % pip_install(name),
                ))
            elif stage == "loading the model" and isinstance(error, OSError):
                self.finish(run, self.error(run.id, "model-missing", "Could not load the checkpoint at %s: %s" % (request["model"], first_line(error)), MODEL_FIX))
            else:
                self.finish(run, self.error(run.id, "internal", "%s failed while %s: %s: %s" % ("Generation" if stage == "generating" else "The run", stage, type(error).__name__, error), "See the worker log (the traceback is there) and report it if it persists."))
        finally:
            run.phase = "ended"
            with self._runs_lock:
                if self._runs.get(run.id) is run:
                    del self._runs[run.id]
            if out_of_memory:
                # Here the exception (and the tensors its traceback held) is gone: give the memory back.
                self.free_memory()

    def load(self, model_path: str, request: dict, torch, picked: dict) -> "Loaded":
        device = picked["device"]
        dtype = resolve_dtype(torch, device, request["dtype"])
        attention = request["attention"]
        chosen = attention == "auto"
        if chosen:
            attention = "flash_attention_2" if device == "cuda" and dtype in ("bfloat16", "float16") and flash_attn_usable() else "sdpa"
        elif attention == "flash_attention_2":
            if device != "cuda":
                raise Failure("bad-request", "flash_attention_2 runs only on CUDA GPUs, and this run is on %s." % device, "Set rewatchInspector.inference.attention to \"auto\" or \"sdpa\".")
            if not module_available("flash_attn"):
                raise Failure(
                    "missing-packages",
                    "attention is flash_attention_2 but flash-attn is not installed for %s." % (sys.executable or "python3"),
                    "Install it (%s) or set rewatchInspector.inference.attention to \"auto\" or \"sdpa\"." % pip_install("flash-attn --no-build-isolation"),
                )
            if dtype not in ("bfloat16", "float16"):
                raise Failure("bad-request", "flash_attention_2 needs bfloat16 or float16, not %s." % dtype, "Set rewatchInspector.inference.dtype to bfloat16, or the attention to \"sdpa\".")
        max_pixels = max(PROCESSOR_MAX_PIXELS, request["max_pixels"])
        key = (os.path.realpath(model_path), device, dtype, attention, max_pixels)
        if self._loaded is not None and self._loaded.key == key:
            return self._loaded
        self.unload()
        check_memory(model_path, dtype, picked, available_bytes(torch, device))
        import transformers
        from transformers import Qwen2_5_VLForConditionalGeneration

        kwargs = {"attn_implementation": attention, "local_files_only": True}
        kwargs[dtype_argument(transformers)] = getattr(torch, dtype)
        on_device_map = device == "cuda" and module_available("accelerate")
        if on_device_map:
            kwargs["device_map"] = "cuda"
        log("loading %s on %s (%s, %s, %s attention)" % (model_path, device, picked["name"], dtype, attention))
        try:
            model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_path, **kwargs)
        except Exception as error:
            # flash-attn is installed but unusable here (a build for another torch, a GPU older than
            # Ampere): transformers refuses it at load. "auto" then means sdpa.
            if not (chosen and attention == "flash_attention_2") or is_out_of_memory(error) or isinstance(error, OSError):
                raise
            log("flash_attention_2 could not be used (%s: %s); using sdpa" % (type(error).__name__, first_line(error)))
            kwargs["attn_implementation"] = attention = "sdpa"
            model = Qwen2_5_VLForConditionalGeneration.from_pretrained(model_path, **kwargs)
        if not on_device_map:
            model = model.to(device)
        model.eval()
        vision = VisionInputs.load(model_path, transformers, max_pixels)
        self._loaded = Loaded(key, model, vision, {"device": device, "name": picked["name"], "reason": picked["reason"], "dtype": dtype, "attention": attention, "inputs": vision.kind})
        self._device = device
        log("loaded %s (%s)" % (model_path, vision.kind))
        return self._loaded

    def unload(self) -> None:
        if self._loaded is None:
            return
        self._loaded = None
        import gc

        gc.collect()
        self.free_memory()

    def free_memory(self) -> None:
        torch = sys.modules.get("torch")
        try:
            if torch is not None and torch.cuda.is_available():
                torch.cuda.empty_cache()
            if torch is not None and mps_available(torch):
                torch.mps.empty_cache()
        except Exception:
            pass

    def sample(self, video_path: str, request: dict, torch):
        """The video's frames as the processor takes them ([(T, C, H, W) float tensor]), their sample fps, and (count, width, height)."""
        if module_available("qwen_vl_utils"):
            try:
                return self.sample_with_qwen_vl_utils(video_path, request)
            except Exception as error:
                if is_out_of_memory(error):
                    raise
                log("qwen_vl_utils could not sample %s (%s: %s); decoding it here instead" % (video_path, type(error).__name__, error))
        video, sample_fps, decoder = decode_video(video_path, request, torch)
        shape = tuple(video.shape)
        log("%s sampled %s at %.3f fps" % (decoder, shape, sample_fps))
        return [video], float(sample_fps), (int(shape[0]), int(shape[-1]), int(shape[-2]))

    def sample_with_qwen_vl_utils(self, video_path: str, request: dict):
        from qwen_vl_utils import process_vision_info

        messages = [{"role": "user", "content": [video_element(video_path, request)]}]
        try:
            _, videos, video_kwargs = process_vision_info(messages, return_video_kwargs=True)
        except TypeError:  # qwen-vl-utils before 0.0.9 has no return_video_kwargs
            _, videos = process_vision_info(messages)
            video_kwargs = {}
        videos = [v[0] if isinstance(v, tuple) else v for v in (videos or [])]
        if not videos:
            raise RuntimeError("it returned no video")
        # Its video_kwargs: {"fps": [sample fps]} (0.0.9 to 0.0.11); {"do_sample_frames": False, "fps":
        # [...]} in the current one (kept in the Qwen3-VL repository). Only the fps is taken: the
        # processor's kwargs are worded for the transformers at hand (transformers 5 takes no list for fps).
        fps = (video_kwargs or {}).get("fps")
        if isinstance(fps, (list, tuple)):
            fps = fps[0] if fps else None
        try:
            sample_fps = float(fps) if fps is not None and float(fps) > 0 else float(request["fps"])
        except (TypeError, ValueError):
            sample_fps = float(request["fps"])
        shape = tuple(videos[0].shape)
        log("qwen_vl_utils sampled %s at %.3f fps" % (shape, sample_fps))
        return videos, sample_fps, (int(shape[0]), int(shape[-1]), int(shape[-2]))

    def stream(self, run: Run, request: dict, video_path: str, loaded: "Loaded", videos, sample_fps: float, frames: tuple, torch):
        """Generates, sending each token's text as soon as it is whole; returns (generated tokens, their ids)."""
        import transformers
        from transformers import StoppingCriteria, StoppingCriteriaList

        messages = []
        if request["system"]:
            messages.append({"role": "system", "content": [{"type": "text", "text": request["system"]}]})
        messages.append({"role": "user", "content": [video_element(video_path, request), {"type": "text", "text": request["prompt"]}]})
        inputs = loaded.vision.inputs(messages, videos, sample_fps, loaded.model, torch)
        check_grid(inputs, frames)
        inputs = inputs.to(loaded.model.device)
        prompt_length = int(inputs["input_ids"].shape[-1])
        log("prompt: %d tokens" % prompt_length)

        class StopWhenCancelled(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                run.tokens = int(input_ids.shape[-1]) - prompt_length
                return torch.full((input_ids.shape[0],), run.cancel.is_set(), dtype=torch.bool, device=input_ids.device)

        streamer = TokenStreamer(loaded.vision.tokenizer, lambda text, tokens: self.emit(run, {"id": run.id, "type": "token", "text": text, "tokens": tokens}))
        if request["seed"] is not None:
            transformers.set_seed(request["seed"])
        generate_kwargs = dict(inputs)
        generate_kwargs.update(sampling_arguments(request))
        generate_kwargs.update(streamer=streamer, stopping_criteria=StoppingCriteriaList([StopWhenCancelled()]), max_new_tokens=request["max_new_tokens"])
        run.phase = "generating"
        self.emit(run, {"id": run.id, "type": "phase", "phase": "generating"})
        with torch.inference_mode():
            output = loaded.model.generate(**generate_kwargs)
        ids = [int(i) for i in output[0, prompt_length:].tolist()]
        return len(ids), ids


class Loaded:
    """A model on its device with the inputs builder that suits it, kept between runs."""

    def __init__(self, key, model, vision, info: dict) -> None:
        self.key = key
        self.model = model
        self.vision = vision
        self.info = info

    def describe(self) -> dict:
        return dict(self.info)


class TokenStreamer:
    """Hands the generated text to `send` as soon as it decodes to whole characters, at most every SEND_EVERY_S.

    transformers' TextIteratorStreamer waits for a space or a newline; a chain without either (or a
    random model's output) then streams nothing for hundreds of tokens. This decodes incrementally as
    text-generation-inference does: the text of the ids since `prefix` against the text up to `read`,
    holding back a piece that ends in an incomplete UTF-8 sequence. Pieces that come faster than
    SEND_EVERY_S (a small model, or a fast GPU) are sent together: a line per token would cost the
    extension more than the token (the first piece always goes at once). `send(text, tokens)` gets the
    generated token count so far.
    """

    SEND_EVERY_S = 0.025

    def __init__(self, tokenizer, send, clock=None) -> None:
        import time

        self.tokenizer = tokenizer
        self.send = send
        self.clock = clock or time.monotonic
        self.ids = []
        self.prefix = 0
        self.read = 0
        self.before = ""  # the text of ids[prefix:read]
        self.pending = ""
        self.sent_at = None
        self.prompt_seen = False

    def decode(self, ids) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)

    def put(self, value) -> None:
        if not self.prompt_seen:  # generate() first passes the prompt
            self.prompt_seen = True
            return
        self.ids.extend(int(i) for i in value.reshape(-1).tolist())
        self.step(final=False)

    def step(self, final: bool) -> None:
        text = self.decode(self.ids[self.prefix:])
        if len(text) > len(self.before) and (final or not text.endswith("\ufffd")):
            self.pending += text[len(self.before):]
            self.prefix = self.read
            self.read = len(self.ids)
            self.before = self.decode(self.ids[self.prefix:self.read])
        now = self.clock()
        if self.pending and (final or self.sent_at is None or now - self.sent_at >= self.SEND_EVERY_S):
            self.send(self.pending, len(self.ids))
            self.pending = ""
            self.sent_at = now

    def end(self) -> None:
        self.step(final=True)


class VisionInputs:
    """Builds the model's inputs (prompt ids, the video's patches and grid) for one sample.

    "processor": transformers' own Qwen2.5-VL processor, where it can take a video: transformers
    4.49-4.51 (its image processor takes videos) or 4.52 on with a working torchvision (the video
    processor needs it). "torch": the same tensors built here, for everyone else (no torchvision, or
    one built for another torch): the frames are already sampled and sized by the worker, so what is
    left is rescale, normalize and Qwen's patch layout (video_patches), and one video token per merged
    patch in the prompt, as the processor does.
    """

    def __init__(self, kind: str, tokenizer, processor=None, config=None, chat_template=None) -> None:
        self.kind = kind
        self.tokenizer = tokenizer
        self.processor = processor
        self.config = config or {}
        self.chat_template = chat_template

    @staticmethod
    def load(model_path: str, transformers, max_pixels: int) -> "VisionInputs":
        newer = version_tuple(getattr(transformers, "__version__", "0")) >= (4, 52)
        if not newer or torchvision_state()[0]:
            from transformers import AutoProcessor

            # min/max pixels as in Qwen's own examples: they reach the image processor (which takes videos
            # before 4.52) and the video processor (4.52 on), so the processor keeps the worker's frame size.
            processor = AutoProcessor.from_pretrained(model_path, local_files_only=True, min_pixels=PROCESSOR_MIN_PIXELS, max_pixels=max_pixels)
            return VisionInputs("processor", getattr(processor, "tokenizer", None) or processor, processor=processor)
        log("transformers %s builds Qwen2.5-VL's video inputs with torchvision, which is %s: building them here" % (transformers.__version__, torchvision_state()[1]))
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
        return VisionInputs("torch", tokenizer, config=read_vision_config(model_path), chat_template=read_chat_template(model_path, tokenizer))

    def inputs(self, messages, videos, sample_fps: float, model, torch):
        if self.kind == "processor":
            processor = self.processor
            text = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            if isinstance(text, (list, tuple)):  # a batch of one
                text = text[0]
            inputs = processor(text=[text], videos=videos, padding=True, return_tensors="pt", **processor_video_kwargs(processor, sample_fps))
            set_second_per_grid_ts(inputs, processor, sample_fps, torch)
            return inputs
        from transformers import BatchFeature

        config = self.config
        video = videos[0]
        frames = video.detach().to("cpu", torch.float32).numpy() if hasattr(video, "detach") else video
        patches, grid = video_patches(frames, **config)
        merged = (grid[0] * grid[1] * grid[2]) // (config["merge_size"] ** 2)
        text = self.tokenizer.apply_chat_template(messages, chat_template=self.chat_template, tokenize=False, add_generation_prompt=True)
        token = "<|video_pad|>"
        if text.count(token) != 1:
            raise RuntimeError("the chat template put %d video tokens in the prompt, not 1" % text.count(token))
        encoded = self.tokenizer([text.replace(token, token * merged)], return_tensors="pt")
        data = {
            "input_ids": encoded["input_ids"],
            "attention_mask": encoded["attention_mask"],
            "pixel_values_videos": torch.from_numpy(patches),
            "video_grid_thw": torch.tensor([list(grid)], dtype=torch.long),
            "second_per_grid_ts": torch.tensor([config["temporal_patch_size"] / float(sample_fps)], dtype=torch.float32),
        }
        if accepts(model, "mm_token_type_ids"):
            # transformers 5 places video tokens in 3-D rope positions by these types (2: video).
            video_id = self.tokenizer.convert_tokens_to_ids(token)
            data["mm_token_type_ids"] = (encoded["input_ids"] == video_id).to(torch.long) * 2
        return BatchFeature(data=data)


def video_patches(frames, patch_size=14, temporal_patch_size=2, merge_size=2, image_mean=(0.48145466, 0.4578275, 0.40821073),
                  image_std=(0.26862954, 0.26130258, 0.27577711), rescale_factor=1 / 255):
    """Qwen2-VL's video patches from (T, C, H, W) frames valued 0..255 whose sides are multiples of patch x merge.

    Rescaled and normalized, the frames are padded (the last repeated) to whole temporal patches and cut
    into (grid_t * grid_h * grid_w) rows of C * temporal_patch_size * patch_size^2 values, rows ordered
    by time, then by merge window (grid_h/merge, grid_w/merge), then within it; as
    Qwen2VLVideoProcessor.patchify (and the image processor's video path before it) lays them out.
    Returns (float32 array, (grid_t, grid_h, grid_w)). numpy only.
    """
    import numpy as np

    video = np.asarray(frames, dtype=np.float32)
    if video.ndim != 4 or video.shape[1] not in (1, 3):
        raise ValueError("frames must be (T, C, H, W), got %s" % (video.shape,))
    count, channels, height, width = video.shape
    if height % (patch_size * merge_size) or width % (patch_size * merge_size):
        raise ValueError("frame sides %dx%d are not multiples of %d" % (width, height, patch_size * merge_size))
    mean = np.asarray(image_mean, dtype=np.float32).reshape(1, -1, 1, 1)
    std = np.asarray(image_std, dtype=np.float32).reshape(1, -1, 1, 1)
    video = (video * np.float32(rescale_factor) - mean) / std
    pad = -count % temporal_patch_size
    if pad:
        video = np.concatenate([video, np.repeat(video[-1:], pad, axis=0)], axis=0)
    grid_t, grid_h, grid_w = video.shape[0] // temporal_patch_size, height // patch_size, width // patch_size
    patches = video.reshape(grid_t, temporal_patch_size, channels, grid_h // merge_size, merge_size, patch_size, grid_w // merge_size, merge_size, patch_size)
    patches = patches.transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
    rows = patches.reshape(grid_t * grid_h * grid_w, channels * temporal_patch_size * patch_size * patch_size)
    return np.ascontiguousarray(rows, dtype=np.float32), (int(grid_t), int(grid_h), int(grid_w))


def read_vision_config(model_path: str) -> dict:
    """video_patches' settings from the checkpoint's (video_)preprocessor_config.json, else Qwen2.5-VL's."""
    config = {}
    for name in ("preprocessor_config.json", "video_preprocessor_config.json"):
        try:
            with open(os.path.join(model_path, name), encoding="utf-8") as f:
                config.update(json.load(f))
        except (OSError, ValueError):
            continue
    wanted = {"patch_size": 14, "temporal_patch_size": 2, "merge_size": 2, "image_mean": (0.48145466, 0.4578275, 0.40821073),
              "image_std": (0.26862954, 0.26130258, 0.27577711), "rescale_factor": 1 / 255}
    return {key: config.get(key, default) if config.get(key) is not None else default for key, default in wanted.items()}


def read_chat_template(model_path: str, tokenizer):
    """The checkpoint's chat template: the tokenizer's own, else chat_template.jinja / chat_template.json beside it."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.chat_template
    jinja = os.path.join(model_path, "chat_template.jinja")
    if os.path.isfile(jinja):
        with open(jinja, encoding="utf-8") as f:
            return f.read()
    try:
        with open(os.path.join(model_path, "chat_template.json"), encoding="utf-8") as f:
            return json.load(f)["chat_template"]
    except (OSError, ValueError, KeyError, TypeError):
        raise Failure("model-missing", "The checkpoint at %s has no chat template (tokenizer_config.json, chat_template.jinja or chat_template.json)." % model_path, MODEL_FIX)


def accepts(model, name: str) -> bool:
    import inspect

    try:
        return name in inspect.signature(model.forward).parameters
    except (TypeError, ValueError):
        return False


def version_tuple(text: str) -> tuple:
    match = re.match(r"(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def video_element(video_path: str, request: dict) -> dict:
    return {
        "type": "video",
        "video": "file://" + video_path,
        "fps": request["fps"],
        "min_frames": request["min_frames"],
        "max_frames": request["max_frames"],
        "max_pixels": request["max_pixels"],
        "min_pixels": request["min_pixels"],
    }


def processor_video_kwargs(processor, sample_fps: float) -> dict:
    """The processor's video kwargs for frames already sampled at sample_fps.

    transformers 4.49-4.51 (no video processor; the image processor takes the video): fps, a list of
    one, from which Qwen2_5_VLProcessor computes second_per_grid_ts. 4.52 on (a video processor):
    fps as a number (transformers 5 validates it as int | float) and do_sample_frames=False, so the
    video processor never samples the frames again. transformers 5 computes second_per_grid_ts from
    the video's metadata instead of fps; set_second_per_grid_ts corrects it afterwards.
    """
    if getattr(processor, "video_processor", None) is None:
        return {"fps": [float(sample_fps)]}
    return {"fps": float(sample_fps), "do_sample_frames": False}


def set_second_per_grid_ts(inputs, processor, sample_fps: float, torch) -> None:
    """second_per_grid_ts = temporal_patch_size / sample fps, the seconds each temporal patch spans.

    transformers 5's Qwen2_5_VLProcessor takes it from video metadata (metadata.sampled_fps, 24 when
    the frames come without metadata) rather than from fps; the model's rope index needs the real one.
    """
    if "second_per_grid_ts" not in inputs or not sample_fps or sample_fps <= 0:
        return
    vision = getattr(processor, "video_processor", None) or getattr(processor, "image_processor", None)
    patch = int(getattr(vision, "temporal_patch_size", None) or FRAME_FACTOR)
    wanted = patch / float(sample_fps)
    current = inputs["second_per_grid_ts"]
    try:
        values = [float(v) for v in (current.tolist() if hasattr(current, "tolist") else current)]
    except (TypeError, ValueError):
        values = []
    if values and all(abs(v - wanted) < 1e-6 for v in values):
        return
    log("second_per_grid_ts from the processor: %s; set to %.4f (temporal patch %d / %.3f fps)" % (values, wanted, patch, sample_fps))
    inputs["second_per_grid_ts"] = torch.tensor([wanted] * max(1, len(values)), dtype=torch.float32)


def check_grid(inputs, frames: tuple) -> None:
    """Logs when the processor resized or resampled the frames (its grid is not the frames' T/2 x H/14 x W/14)."""
    count, width, height = frames
    try:
        grid = [int(v) for v in inputs["video_grid_thw"][0].tolist()]
    except Exception:  # not a tensor (the unit tests' stand-ins)
        return
    expected = [count // FRAME_FACTOR, height // 14, width // 14]
    if grid != expected:
        log("the processor's video grid is %s, not %s for %d frames of %dx%d: its min/max pixels or frame sampling differ from the worker's" % (grid, expected, count, width, height))


def sampling_arguments(request: dict) -> dict:
    """generate()'s sampling settings; they override the checkpoint's generation_config (whose top_k may be 1)."""
    if request["temperature"] > 0:
        return {"do_sample": True, "temperature": request["temperature"], "top_p": request["top_p"], "top_k": request["top_k"] if request["top_k"] is not None else 0}
    return {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}


def flash_attn_usable() -> bool:
    """flash-attn installed and importable (a build for another torch fails here, not at find_spec)."""
    if not module_available("flash_attn"):
        return False
    try:
        import flash_attn  # noqa: F401
    except Exception as error:
        log("flash_attn is installed but cannot be imported (%s: %s); using sdpa" % (type(error).__name__, first_line(error)))
        return False
    return True


def missing_module(error: ImportError) -> str:
    """The pip name for what an ImportError says is missing (torchvision, most often)."""
    text = str(error)
    for module, dist in (("torchvision", "torchvision"), ("flash_attn", "flash-attn --no-build-isolation"), ("accelerate", "accelerate"),
                         ("qwen_vl_utils", "qwen-vl-utils"), ("decord", "decord"), ("av", "av"), ("PIL", "pillow"), ("Pillow", "pillow")):
        if getattr(error, "name", None) == module or re.search(r"\b%s\b" % re.escape(module), text, re.IGNORECASE):
            return dist
    name = (getattr(error, "name", None) or "").split(".")[0]
    return name or "-U transformers torchvision"


def dtype_argument(transformers) -> str:
    """from_pretrained's dtype keyword: `dtype` from transformers 4.56 on (`torch_dtype` is deprecated there)."""
    return "dtype" if version_tuple(getattr(transformers, "__version__", "0.0")) >= (4, 56) else "torch_dtype"


def main() -> int:
    # stdout is for protocol lines only: keep the real one for them and send fd 1 (prints from any
    # library, C code included) to stderr.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", newline="\n")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    if sys.version_info < MIN_PYTHON:
        version = platform.python_version()
        out.write(json.dumps({"id": None, "type": "error", "code": "no-python", "message": "The worker needs Python %d.%d or later; %s is %s." % (MIN_PYTHON + (sys.executable, version)), "fix": "Set rewatchInspector.inference.python to a Python 3.9+ interpreter."}) + "\n")
        out.flush()
        return 3
    worker = Worker(out)
    worker.serve()
    try:
        out.flush()
    except (OSError, ValueError):
        pass
    sys.stderr.flush()
    # Leave at once: a generate thread may still hold the GPU, and CUDA's teardown can be slow.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
