#!/usr/bin/python3
"""Numerical parity of `empower score` against an independent reference.

The reference is written here from the Llama / Qwen equations with Debian's python3-torch, in
float64: its own safetensors reader and writer (single file or shards + index, F32 or BF16),
RMSNorm, rotary embeddings as explicit pair rotations with Llama 3.1 frequency scaling, causal
softmax attention, Qwen2 q/k/v biases, Qwen3 per-head q/k RMSNorm and explicit head_dim, SwiGLU.
It shares no code with the C++ implementation. For the bundled model and for random Llama-3-style
(sharded, bfloat16, rope-scaled, untied) and Qwen3-style checkpoints it checks every suffix
token's log-probability and top-k ids printed by `empower score --json`. Gemma 3 is written out
separately (gemma3_forward): √D-scaled embeddings, (1 + w) RMSNorm, four norms per layer, per-head
q/k norms, GeGLU with tanh GELU, query_pre_attn_scalar, sliding-window layers with their own RoPE
base; checked as a text-only Gemma3ForCausalLM and as the language model of a multimodal
Gemma3ForConditionalGeneration in both of its tensor layouts, with vision tensors to skip.

Usage: llama_reference_parity.py --empower BIN --model DIR --source FILE
"""
import argparse
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_weights(model_dir):
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if not os.path.exists(index):
        return read_safetensors(os.path.join(model_dir, "model.safetensors"))
    weights = {}
    for shard in sorted(set(json.load(open(index))["weight_map"].values())):
        weights.update(read_safetensors(os.path.join(model_dir, shard)))
    return weights


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[base + begin : base + end]), dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"]).to(torch.float64)
    return tensors


def write_safetensors(path, tensors, dtype="F32"):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        if dtype == "BF16":
            raw = t.to(torch.bfloat16).contiguous().view(torch.int16).numpy().tobytes()
        else:
            raw = t.to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def rms_norm(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def inverse_frequencies(cfg, e):
    """theta^(-2i/E) per pair, with Llama 3.1's rope_scaling applied pair by pair."""
    theta = cfg.get("rope_theta", 10000.0)
    freqs = [theta ** (-2.0 * i / e) for i in range(e // 2)]
    scaling = cfg.get("rope_scaling") or {}
    kind = scaling.get("rope_type", scaling.get("type", "default"))
    if kind == "linear":
        return [f / scaling["factor"] for f in freqs]
    if kind != "llama3":
        return freqs
    factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
    old = scaling["original_max_position_embeddings"]
    out = []
    for f in freqs:
        wavelength = 2 * math.pi / f
        if wavelength < old / high:
            out.append(f)
        elif wavelength > old / low:
            out.append(f / factor)
        else:
            smooth = (old / wavelength - low) / (high - low)
            out.append((1 - smooth) * f / factor + smooth * f)
    return out


def rotate(x, positions, inv_freq):
    # Pair i rotates with pair i + E/2 (Hugging Face's half-split layout), angle = pos * inv_freq[i].
    e = x.shape[-1]
    half = e // 2
    out = x.clone()
    for i in range(half):
        angle = positions * inv_freq[i]
        c, s = torch.cos(angle)[:, None], torch.sin(angle)[:, None]
        a, b = x[..., :, i], x[..., :, i + half]
        out[..., :, i] = a * c[:, 0] - b * s[:, 0]
        out[..., :, i + half] = b * c[:, 0] + a * s[:, 0]
    return out


def forward(cfg, w, ids):
    d, h = cfg["hidden_size"], cfg["num_attention_heads"]
    kv = cfg.get("num_key_value_heads") or h
    e = cfg.get("head_dim") or d // h
    inv_freq = inverse_frequencies(cfg, e)
    qk_norm = cfg.get("model_type") == "qwen3"
    t = len(ids)
    positions = torch.arange(t, dtype=torch.float64)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    causal = torch.triu(torch.full((t, t), float("-inf"), dtype=torch.float64), diagonal=1)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        y = rms_norm(x, w[p + "input_layernorm.weight"], cfg["rms_norm_eps"])
        def project(name, heads):
            out = y @ w[p + f"self_attn.{name}.weight"].T
            if p + f"self_attn.{name}.bias" in w:
                out = out + w[p + f"self_attn.{name}.bias"]
            return out.reshape(t, heads, e).transpose(0, 1)
        q, k, v = project("q_proj", h), project("k_proj", kv), project("v_proj", kv)
        if qk_norm:
            q = rms_norm(q, w[p + "self_attn.q_norm.weight"], cfg["rms_norm_eps"])
            k = rms_norm(k, w[p + "self_attn.k_norm.weight"], cfg["rms_norm_eps"])
        q = torch.stack([rotate(q[i], positions, inv_freq) for i in range(h)])
        k = torch.stack([rotate(k[i], positions, inv_freq) for i in range(kv)])
        heads = []
        for i in range(h):
            j = i // (h // kv)  # the key/value head this query head shares
            scores = q[i] @ k[j].T / math.sqrt(e) + causal
            heads.append(torch.softmax(scores, -1) @ v[j])
        x = x + torch.cat(heads, -1) @ w[p + "self_attn.o_proj.weight"].T
        y = rms_norm(x, w[p + "post_attention_layernorm.weight"], cfg["rms_norm_eps"])
        gate, up = y @ w[p + "mlp.gate_proj.weight"].T, y @ w[p + "mlp.up_proj.weight"].T
        x = x + (gate * torch.sigmoid(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], cfg["rms_norm_eps"])
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ head.T


def gelu_tanh(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def gemma_norm(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * (1 + w)


def gemma3_sliding_layers(cfg):
    if cfg.get("layer_types"):
        return [t == "sliding_attention" for t in cfg["layer_types"]]
    pattern = cfg.get("sliding_window_pattern", 6)
    return [(i + 1) % pattern != 0 for i in range(cfg["num_hidden_layers"])]


def gemma3_forward(cfg, w, ids, prefix="model."):
    """Gemma 3's text decoder from its equations, float64. `prefix`: where the tensors live."""
    d, h, kv, e = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    eps, window = cfg["rms_norm_eps"], cfg["sliding_window"]
    t = len(ids)
    positions = torch.arange(t, dtype=torch.float64)
    global_freq = inverse_frequencies(cfg, e)
    local_freq = inverse_frequencies({"rope_theta": cfg["rope_local_base_freq"]}, e)
    # HF multiplies by sqrt(D) rounded to the weights' dtype (float32 here).
    x = w[prefix + "embed_tokens.weight"][torch.tensor(ids)] * torch.tensor(math.sqrt(d), dtype=torch.float32).item()
    i_idx, j_idx = torch.arange(t)[:, None], torch.arange(t)[None, :]
    causal = torch.where(j_idx > i_idx, float("-inf"), 0.0).to(torch.float64)
    sliding_causal = torch.where((j_idx > i_idx) | (i_idx - j_idx >= window), float("-inf"), 0.0).to(torch.float64)
    scale = cfg["query_pre_attn_scalar"] ** -0.5
    for layer, sliding in enumerate(gemma3_sliding_layers(cfg)):
        p = f"{prefix}layers.{layer}."
        y = gemma_norm(x, w[p + "input_layernorm.weight"], eps)
        q = (y @ w[p + "self_attn.q_proj.weight"].T).reshape(t, h, e).transpose(0, 1)
        k = (y @ w[p + "self_attn.k_proj.weight"].T).reshape(t, kv, e).transpose(0, 1)
        v = (y @ w[p + "self_attn.v_proj.weight"].T).reshape(t, kv, e).transpose(0, 1)
        q = gemma_norm(q, w[p + "self_attn.q_norm.weight"], eps)
        k = gemma_norm(k, w[p + "self_attn.k_norm.weight"], eps)
        freq = local_freq if sliding else global_freq
        q = torch.stack([rotate(q[i], positions, freq) for i in range(h)])
        k = torch.stack([rotate(k[i], positions, freq) for i in range(kv)])
        heads = []
        for i in range(h):
            j = i // (h // kv)
            scores = q[i] @ k[j].T * scale + (sliding_causal if sliding else causal)
            heads.append(torch.softmax(scores, -1) @ v[j])
        attn = torch.cat(heads, -1) @ w[p + "self_attn.o_proj.weight"].T
        x = x + gemma_norm(attn, w[p + "post_attention_layernorm.weight"], eps)
        y = gemma_norm(x, w[p + "pre_feedforward_layernorm.weight"], eps)
        mlp = (gelu_tanh(y @ w[p + "mlp.gate_proj.weight"].T) * (y @ w[p + "mlp.up_proj.weight"].T)) @ w[p + "mlp.down_proj.weight"].T
        x = x + gemma_norm(mlp, w[p + "post_feedforward_layernorm.weight"], eps)
    x = gemma_norm(x, w[prefix + "norm.weight"], eps)
    return x @ w[prefix + "embed_tokens.weight"].T


def reference_logits(cfg, w, ids):
    if cfg.get("model_type") == "gemma3":  # multimodal: the text decoder, under either layout
        prefix = "language_model.model." if "language_model.model.embed_tokens.weight" in w else "model.language_model."
        return gemma3_forward(cfg["text_config"], w, ids, prefix)
    if cfg.get("model_type") == "gemma3_text":
        return gemma3_forward(cfg, w, ids)
    return forward(cfg, w, ids)


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True)
    return json.loads(out.stdout)


def check_model(empower, model_dir, source, at, label, expect_bos=True, tolerance=1e-4):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w = read_weights(model_dir)
    with open(source, "rb") as f:
        text = f.read()
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as pf:
        pf.write(text[:at])
    # Framed as transformers frames it (the BOS the tokenizer adds, none for Qwen): tokenizer_parity.py checks
    # --add-special-tokens against the reference tokenizer, and this checks that scoring conditions on exactly that.
    prefix = run_json([empower, "tokenize", "--tokenizer", os.path.join(model_dir, "tokenizer.json"), "--file", pf.name, "--json",
                       "--add-special-tokens"])["ids"]
    os.unlink(pf.name)
    # Independently of the C++ rule: the bundled tokenizer's post_processor puts <|endoftext|> first; Qwen's adds nothing.
    assert (prefix[0] == cfg["bos_token_id"]) == expect_bos, f"{label}: prefix starts {prefix[:3]}, BOS expected: {expect_bos}"
    # --no-heal: the plain teacher-forced log-probs after the prefix as encoded, which the reference computes
    # (healing conditions the first tokens on the typed text; its own test checks that against generation).
    scored = run_json([empower, "score", "--model", model_dir, "--file", source, "--at", str(at), "--topk", "3", "--max-tokens", "48",
                       "--no-heal", "--json"])
    suffix = [t["id"] for t in scored["tokens"]]
    seq = prefix + suffix
    logprobs = torch.log_softmax(reference_logits(cfg, w, seq[:-1]), -1)
    worst = 0.0
    for i, tok in enumerate(scored["tokens"]):
        row = logprobs[len(prefix) - 1 + i]
        ref = row[tok["id"]].item()
        worst = max(worst, abs(ref - tok["logprob"]))
        ref_top = torch.topk(row, 3).indices.tolist()
        got_top = [a["id"] for a in tok["top"]]
        # Top-k ids must agree unless two candidates are within float32 noise of each other.
        if ref_top != got_top:
            gap = min(abs(row[a].item() - row[b].item()) for a, b in zip(ref_top, got_top) if a != b)
            assert gap < 1e-3, f"{label}: top-3 at suffix token {i} differ: reference {ref_top}, empower {got_top}"
    print(f"{label}: {len(suffix)} suffix tokens after {len(prefix)} context tokens, max |Δ logprob| = {worst:.2e}")
    assert worst < tolerance, f"{label}: log-probabilities differ from the reference by {worst}"


def make_random_gqa_model(base_dir, out_dir):
    cfg = json.load(open(os.path.join(base_dir, "config.json")))
    cfg.update({"hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 8,
                "num_key_value_heads": 2, "tie_word_embeddings": False, "rope_theta": 500000.0})
    torch.manual_seed(0)
    v, d, f, kv = cfg["vocab_size"], 64, 96, 2 * 8
    w = {"model.embed_tokens.weight": torch.randn(v, d), "model.norm.weight": 1 + 0.1 * torch.randn(d), "lm_head.weight": torch.randn(v, d) * 0.2}
    for layer in range(2):
        p = f"model.layers.{layer}."
        w.update({p + "input_layernorm.weight": 1 + 0.1 * torch.randn(d), p + "post_attention_layernorm.weight": 1 + 0.1 * torch.randn(d),
                  p + "self_attn.q_proj.weight": torch.randn(d, d) * 0.2, p + "self_attn.k_proj.weight": torch.randn(kv, d) * 0.2,
                  p + "self_attn.v_proj.weight": torch.randn(kv, d) * 0.2, p + "self_attn.o_proj.weight": torch.randn(d, d) * 0.2,
                  p + "mlp.gate_proj.weight": torch.randn(f, d) * 0.2, p + "mlp.up_proj.weight": torch.randn(f, d) * 0.2,
                  p + "mlp.down_proj.weight": torch.randn(d, f) * 0.2})
    os.makedirs(out_dir, exist_ok=True)
    json.dump(cfg, open(os.path.join(out_dir, "config.json"), "w"))
    shutil.copy(os.path.join(base_dir, "tokenizer.json"), out_dir)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), w)


def random_weights(cfg, seed):
    torch.manual_seed(seed)
    v, d, f = cfg["vocab_size"], cfg["hidden_size"], cfg["intermediate_size"]
    h, kvh = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    e = cfg.get("head_dim") or d // h
    q, kv = h * e, kvh * e
    w = {"model.embed_tokens.weight": torch.randn(v, d), "model.norm.weight": 1 + 0.1 * torch.randn(d)}
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = torch.randn(v, d) * 0.2
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        w.update({p + "input_layernorm.weight": 1 + 0.1 * torch.randn(d), p + "post_attention_layernorm.weight": 1 + 0.1 * torch.randn(d),
                  p + "self_attn.q_proj.weight": torch.randn(q, d) * 0.2, p + "self_attn.k_proj.weight": torch.randn(kv, d) * 0.2,
                  p + "self_attn.v_proj.weight": torch.randn(kv, d) * 0.2, p + "self_attn.o_proj.weight": torch.randn(d, q) * 0.2,
                  p + "mlp.gate_proj.weight": torch.randn(f, d) * 0.2, p + "mlp.up_proj.weight": torch.randn(f, d) * 0.2,
                  p + "mlp.down_proj.weight": torch.randn(d, f) * 0.2})
        if cfg.get("attention_bias", cfg.get("model_type") == "qwen2"):  # Qwen2 always has q/k/v biases
            w.update({p + "self_attn.q_proj.bias": torch.randn(q) * 0.1, p + "self_attn.k_proj.bias": torch.randn(kv) * 0.1,
                      p + "self_attn.v_proj.bias": torch.randn(kv) * 0.1})
        if cfg.get("model_type") == "qwen3":
            w.update({p + "self_attn.q_norm.weight": 1 + 0.1 * torch.randn(e), p + "self_attn.k_norm.weight": 1 + 0.1 * torch.randn(e)})
    return w


# Qwen's tokenizer.json post_processor: byte-level offsets only, no BOS (config.json's bos_token_id notwithstanding).
QWEN_POST_PROCESSOR = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}


def write_model(base_dir, out_dir, cfg, weights, dtype="F32", shards=1, post_processor=None):
    os.makedirs(out_dir, exist_ok=True)
    json.dump(cfg, open(os.path.join(out_dir, "config.json"), "w"))
    shutil.copy(os.path.join(base_dir, "tokenizer.json"), out_dir)
    if post_processor is not None:
        tokenizer = json.load(open(os.path.join(out_dir, "tokenizer.json"), encoding="utf-8"))
        tokenizer["post_processor"] = post_processor
        json.dump(tokenizer, open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8"), ensure_ascii=False)
    if shards == 1:
        write_safetensors(os.path.join(out_dir, "model.safetensors"), weights, dtype)
        return
    names = list(weights)
    weight_map = {}
    for s in range(shards):
        part = names[s::shards]
        file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        write_safetensors(os.path.join(out_dir, file), {n: weights[n] for n in part}, dtype)
        weight_map.update({n: file for n in part})
    json.dump({"metadata": {}, "weight_map": weight_map}, open(os.path.join(out_dir, "model.safetensors.index.json"), "w"))


def make_random_llama3_model(base_dir, out_dir):
    """Llama 3.1 layout: GQA, untied head, rope_scaling llama3, bfloat16 weights in 3 shards."""
    cfg = json.load(open(os.path.join(base_dir, "config.json")))
    cfg.update({"hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4,
                "num_key_value_heads": 2, "tie_word_embeddings": False, "rope_theta": 500000.0, "torch_dtype": "bfloat16",
                "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                 "original_max_position_embeddings": 8192}})
    write_model(base_dir, out_dir, cfg, random_weights(cfg, 1), "BF16", shards=3)


def make_random_qwen3_model(base_dir, out_dir):
    """Qwen3 layout: explicit head_dim (heads × head_dim != hidden), per-head q/k RMSNorm, tied."""
    cfg = json.load(open(os.path.join(base_dir, "config.json")))
    cfg.update({"model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], "hidden_size": 64, "intermediate_size": 96,
                "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32,
                "tie_word_embeddings": True, "rope_theta": 1000000.0, "rms_norm_eps": 1e-6})
    write_model(base_dir, out_dir, cfg, random_weights(cfg, 2), post_processor=QWEN_POST_PROCESSOR)


def make_random_qwen2_model(base_dir, out_dir):
    """Qwen2 layout: q/k/v projection biases."""
    cfg = json.load(open(os.path.join(base_dir, "config.json")))
    cfg.update({"model_type": "qwen2", "architectures": ["Qwen2ForCausalLM"], "hidden_size": 64, "intermediate_size": 96,
                "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "tie_word_embeddings": False})
    write_model(base_dir, out_dir, cfg, random_weights(cfg, 3), post_processor=QWEN_POST_PROCESSOR)


def gemma3_text_config(base_cfg, **changes):
    """A tiny Gemma-3 text config on the bundled tokenizer: MQA, head_dim × heads != hidden,
    query_pre_attn_scalar != head_dim, a sliding window shorter than the scored text."""
    cfg = {"architectures": ["Gemma3ForCausalLM"], "model_type": "gemma3_text", "vocab_size": base_cfg["vocab_size"],
           "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 3, "num_attention_heads": 4,
           "num_key_value_heads": 1, "head_dim": 32, "query_pre_attn_scalar": 24, "sliding_window": 16,
           "sliding_window_pattern": 2, "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0,
           "max_position_embeddings": 2048, "rms_norm_eps": 1e-6, "hidden_activation": "gelu_pytorch_tanh",
           "attn_logit_softcapping": None, "final_logit_softcapping": None, "rope_scaling": None,
           "bos_token_id": base_cfg["bos_token_id"], "eos_token_id": base_cfg["eos_token_id"], "torch_dtype": "float32"}
    cfg.update(changes)
    return cfg


def gemma3_weights(cfg, seed, prefix):
    torch.manual_seed(seed)
    v, d, f, h, kvh, e = (cfg["vocab_size"], cfg["hidden_size"], cfg["intermediate_size"], cfg["num_attention_heads"],
                          cfg["num_key_value_heads"], cfg["head_dim"])
    offset = lambda n: 0.1 * torch.randn(n)  # Gemma norms store w of (1 + w)
    w = {prefix + "embed_tokens.weight": torch.randn(v, d) * 0.3, prefix + "norm.weight": offset(d)}
    for layer in range(cfg["num_hidden_layers"]):
        p = f"{prefix}layers.{layer}."
        w.update({p + "input_layernorm.weight": offset(d), p + "post_attention_layernorm.weight": offset(d),
                  p + "pre_feedforward_layernorm.weight": offset(d), p + "post_feedforward_layernorm.weight": offset(d),
                  p + "self_attn.q_norm.weight": offset(e), p + "self_attn.k_norm.weight": offset(e),
                  p + "self_attn.q_proj.weight": torch.randn(h * e, d) * 0.2, p + "self_attn.k_proj.weight": torch.randn(kvh * e, d) * 0.2,
                  p + "self_attn.v_proj.weight": torch.randn(kvh * e, d) * 0.2, p + "self_attn.o_proj.weight": torch.randn(d, h * e) * 0.2,
                  p + "mlp.gate_proj.weight": torch.randn(f, d) * 0.2, p + "mlp.up_proj.weight": torch.randn(f, d) * 0.2,
                  p + "mlp.down_proj.weight": torch.randn(d, f) * 0.2})
    return w


def make_random_gemma3_model(base_dir, out_dir):
    """Gemma3ForCausalLM (the 1B layout): sliding_window_pattern spelling, bfloat16 weights."""
    cfg = gemma3_text_config(json.load(open(os.path.join(base_dir, "config.json"))), torch_dtype="bfloat16")
    write_model(base_dir, out_dir, cfg, gemma3_weights(cfg, 4, "model."), "BF16")


def make_random_gemma3_multimodal_model(base_dir, out_dir, layout):
    """Gemma3ForConditionalGeneration (4B…27B): text_config with layer_types and linear RoPE scaling of
    the global layers, token ids at the top, vision tower and projector tensors that must be skipped."""
    base = json.load(open(os.path.join(base_dir, "config.json")))
    text = gemma3_text_config(base, layer_types=["sliding_attention", "full_attention", "sliding_attention"],
                              rope_scaling={"rope_type": "linear", "factor": 8.0})
    for key in ("architectures", "bos_token_id", "eos_token_id", "sliding_window_pattern"):
        text.pop(key)
    cfg = {"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3", "text_config": text,
           "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 16, "patch_size": 14, "image_size": 28},
           "mm_tokens_per_image": 4, "image_token_index": 262144, "boi_token_index": 255999, "eoi_token_index": 256000,
           "bos_token_id": base["bos_token_id"], "eos_token_id": [base["eos_token_id"]], "torch_dtype": "float32"}
    prefix = "language_model.model." if layout == "language_model" else "model.language_model."
    w = gemma3_weights(text, 5, prefix)
    vision = "vision_tower.vision_model." if layout == "language_model" else "model.vision_tower.vision_model."
    w[vision + "embeddings.patch_embedding.weight"] = torch.randn(16, 3, 14, 14)
    w[("multi_modal_projector." if layout == "language_model" else "model.multi_modal_projector.") + "mm_input_projection_weight"] = torch.randn(16, 64)
    write_model(base_dir, out_dir, cfg, w, shards=2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--empower", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    size = os.path.getsize(args.source)
    for at in (size // 3, (2 * size) // 3):
        check_model(args.empower, args.model, args.source, at, f"bundled model @{at}")
    with tempfile.TemporaryDirectory() as tmp:
        make_random_gqa_model(args.model, os.path.join(tmp, "gqa"))
        check_model(args.empower, os.path.join(tmp, "gqa"), args.source, size // 2, "random GQA model (python-written safetensors)")
        make_random_llama3_model(args.model, os.path.join(tmp, "llama3"))
        check_model(args.empower, os.path.join(tmp, "llama3"), args.source, size // 2, "random Llama-3 model (bf16, 3 shards, rope_scaling)")
        make_random_qwen3_model(args.model, os.path.join(tmp, "qwen3"))
        check_model(args.empower, os.path.join(tmp, "qwen3"), args.source, size // 2, "random Qwen3 model (head_dim 32, q/k norm, no BOS)",
                    expect_bos=False)
        make_random_qwen2_model(args.model, os.path.join(tmp, "qwen2"))
        check_model(args.empower, os.path.join(tmp, "qwen2"), args.source, size // 2, "random Qwen2 model (q/k/v biases, no BOS)", expect_bos=False)
        make_random_gemma3_model(args.model, os.path.join(tmp, "gemma3"))
        check_model(args.empower, os.path.join(tmp, "gemma3"), args.source, size // 2,
                    "random Gemma-3 model (Gemma3ForCausalLM, bf16, sliding window 16, MQA)")
        for layout in ("language_model", "model.language_model"):
            make_random_gemma3_multimodal_model(args.model, os.path.join(tmp, "gemma3mm-" + layout), layout)
            check_model(args.empower, os.path.join(tmp, "gemma3mm-" + layout), args.source, size // 2,
                        f"random Gemma-3 multimodal model ({layout}.* tensors, vision tower skipped, linear RoPE)")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    sys.exit(main())
