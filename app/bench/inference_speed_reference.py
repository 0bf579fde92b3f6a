#!/usr/bin/python3
"""Inference speed of Debian's python3-torch, eager mode, on a model directory's architecture: the
reference `empower bench --weight-kinds` prints beside its own figures (issue 21 §5).

Builds the decoder that config.json describes (Llama / Qwen2 / Qwen3 layout: RMSNorm, rotary
embeddings, grouped-query attention with an explicit head_dim, Qwen3's per-head q/k norms, SwiGLU,
tied or untied head) in the requested dtype, as a user running the checkpoint in plain PyTorch
would, and times:
  - prefill: one forward pass over --prefill random tokens;
  - decode: --decode steps of one token each with a key/value cache grown by concatenation, the
    usual eager recipe (the full-vocabulary logits of the new token every step).
Weights are random: the cost of each step depends on the shapes, not the values. Prints one JSON object.

Usage: inference_speed_reference.py --model DIR [--dtype fp32|bf16] [--threads K] [--prefill T] [--decode N]
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + eps).to(x.dtype) * w


class Layer(torch.nn.Module):
    def __init__(self, cfg, dtype):
        super().__init__()
        d, f = cfg["hidden_size"], cfg["intermediate_size"]
        self.h, self.kv = cfg["num_attention_heads"], cfg.get("num_key_value_heads") or cfg["num_attention_heads"]
        self.e = cfg.get("head_dim") or d // self.h
        self.eps = cfg["rms_norm_eps"]
        bias = cfg.get("attention_bias", cfg.get("model_type") == "qwen2")
        lin = lambda i, o, b=False: torch.nn.Linear(i, o, bias=b, dtype=dtype)
        self.q, self.k, self.v = lin(d, self.h * self.e, bias), lin(d, self.kv * self.e, bias), lin(d, self.kv * self.e, bias)
        self.o = lin(self.h * self.e, d)
        self.gate, self.up, self.down = lin(d, f), lin(d, f), lin(f, d)
        self.n1, self.n2 = torch.ones(d, dtype=dtype), torch.ones(d, dtype=dtype)
        self.qk_norm = cfg.get("model_type") == "qwen3"
        self.qn, self.kn = torch.ones(self.e, dtype=dtype), torch.ones(self.e, dtype=dtype)

    def forward(self, x, cos, sin, cache):
        b, t, _ = x.shape
        y = rms_norm(x, self.n1, self.eps)
        q = self.q(y).view(b, t, self.h, self.e)
        k = self.k(y).view(b, t, self.kv, self.e)
        v = self.v(y).view(b, t, self.kv, self.e).transpose(1, 2)
        if self.qk_norm:
            q, k = rms_norm(q, self.qn, self.eps), rms_norm(k, self.kn, self.eps)
        q, k = q.transpose(1, 2), k.transpose(1, 2)

        def rope(z):
            half = z.shape[-1] // 2
            return z * cos + torch.cat([-z[..., half:], z[..., :half]], -1) * sin

        q, k = rope(q), rope(k)
        if cache is not None:
            if cache:
                k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
            cache[:] = [k, v]
        keys = k.repeat_interleave(self.h // self.kv, 1)
        values = v.repeat_interleave(self.h // self.kv, 1)
        # Explicit softmax attention, as transformers' "eager" attention computes it (torch 1.13
        # has no scaled_dot_product_attention).
        scores = (q @ keys.transpose(-2, -1)) * self.e ** -0.5
        if t > 1:
            s = keys.shape[2]
            scores = scores.masked_fill(torch.ones(t, s, dtype=torch.bool).triu(s - t + 1), float("-inf"))
        out = scores.softmax(-1) @ values
        x = x + self.o(out.transpose(1, 2).reshape(b, t, self.h * self.e))
        y = rms_norm(x, self.n2, self.eps)
        return x + self.down(F.silu(self.gate(y)) * self.up(y))


class Decoder(torch.nn.Module):
    def __init__(self, cfg, dtype):
        super().__init__()
        d, v = cfg["hidden_size"], cfg["vocab_size"]
        self.embed = torch.nn.Embedding(v, d, dtype=dtype)
        self.layers = torch.nn.ModuleList(Layer(cfg, dtype) for _ in range(cfg["num_hidden_layers"]))
        self.norm, self.eps = torch.ones(d, dtype=dtype), cfg["rms_norm_eps"]
        self.head = None if cfg.get("tie_word_embeddings") else torch.nn.Linear(d, v, bias=False, dtype=dtype)
        e = self.layers[0].e
        inv = 1.0 / cfg.get("rope_theta", 10000.0) ** (torch.arange(0, e, 2).float() / e)
        freqs = torch.outer(torch.arange(8192).float(), inv)
        emb = torch.cat([freqs, freqs], -1)
        self.cos, self.sin = emb.cos().to(dtype), emb.sin().to(dtype)

    def forward(self, ids, caches, past):
        t = ids.shape[1]
        x = self.embed(ids)
        cos, sin = self.cos[past : past + t], self.sin[past : past + t]
        for layer, cache in zip(self.layers, caches):
            x = layer(x, cos, sin, cache)
        x = rms_norm(x[:, -1:], self.norm, self.eps)  # only the last position's logits are needed
        return (x @ self.embed.weight.T if self.head is None else self.head(x)).float()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--dtype", default="fp32", choices=["fp32", "bf16"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--prefill", type=int, default=512)
    ap.add_argument("--decode", type=int, default=16)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cfg = json.load(open(args.model + "/config.json"))
    cfg = cfg.get("text_config", cfg)
    torch.manual_seed(0)
    dtype = torch.float32 if args.dtype == "fp32" else torch.bfloat16
    with torch.inference_mode():
        model = Decoder(cfg, dtype)
        caches = [[] for _ in model.layers]
        prompt = torch.randint(cfg["vocab_size"], (1, args.prefill))
        model(prompt[:, :8], [None] * len(caches), 0)  # warm-up: thread pool, first allocations
        start = time.perf_counter()
        logits = model(prompt, caches, 0)
        prefill_s = time.perf_counter() - start
        token = logits[:, -1].argmax(-1, keepdim=True)
        start = time.perf_counter()
        for i in range(args.decode):
            token = model(token, caches, args.prefill + i)[:, -1].argmax(-1, keepdim=True)
        decode_s = time.perf_counter() - start
    print(json.dumps({"dtype": args.dtype, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "prefill_tokens_per_s": args.prefill / prefill_s, "decode_ms_per_token": 1000 * decode_s / args.decode,
                      "prefill_tokens": args.prefill, "decode_tokens": args.decode}))


if __name__ == "__main__":
    main()
