#!/usr/bin/python3
"""Fine-tuning throughput of Debian's python3-torch on the same architecture, batch and threads as
the C++ trainer: the reference `empower bench --training-reference` compares against.

Builds the Llama-layout decoder described by a model directory's config.json (RMSNorm, rotary
embeddings, causal attention, SwiGLU, tied or untied head) as a torch.nn.Module, then times
forward + backward + AdamW steps on random tokens. Prints one JSON object.

Usage: training_speed_reference.py --model DIR --batch B --seq-len T --steps N --threads K
                                  [--device cpu|cuda] [--precision fp32|bf16]
On CUDA with bf16 the step is the usual PyTorch recipe the C++ trainer's mixed precision matches:
torch.autocast(bfloat16) around the forward pass, float32 weights and AdamW state, fused
scaled_dot_product_attention, gradient clipping at 1.0.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F


class RMSNorm(torch.nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class Block(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, f = cfg["hidden_size"], cfg["intermediate_size"]
        self.h = cfg["num_attention_heads"]
        self.kv = cfg.get("num_key_value_heads") or self.h
        self.e = d // self.h
        self.norm1, self.norm2 = RMSNorm(d, cfg["rms_norm_eps"]), RMSNorm(d, cfg["rms_norm_eps"])
        self.q = torch.nn.Linear(d, d, bias=False)
        self.k = torch.nn.Linear(d, self.kv * self.e, bias=False)
        self.v = torch.nn.Linear(d, self.kv * self.e, bias=False)
        self.o = torch.nn.Linear(d, d, bias=False)
        self.gate = torch.nn.Linear(d, f, bias=False)
        self.up = torch.nn.Linear(d, f, bias=False)
        self.down = torch.nn.Linear(f, d, bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, d = x.shape
        y = self.norm1(x)
        q = self.q(y).view(b, t, self.h, self.e).transpose(1, 2)
        k = self.k(y).view(b, t, self.kv, self.e).transpose(1, 2)
        v = self.v(y).view(b, t, self.kv, self.e).transpose(1, 2)

        def rope(z):
            half = z.shape[-1] // 2
            return z * cos + torch.cat([-z[..., half:], z[..., :half]], -1) * sin

        q, k = rope(q), rope(k)
        if self.kv != self.h:
            k = k.repeat_interleave(self.h // self.kv, 1)
            v = v.repeat_interleave(self.h // self.kv, 1)
        if x.is_cuda:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = (q @ k.transpose(-2, -1)) / math.sqrt(self.e)
            out = att.masked_fill(mask, float("-inf")).softmax(-1) @ v
        x = x + self.o(out.transpose(1, 2).reshape(b, t, d))
        y = self.norm2(x)
        return x + self.down(F.silu(self.gate(y)) * self.up(y))


class Decoder(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embed = torch.nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.blocks = torch.nn.ModuleList(Block(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.norm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.tied = cfg.get("tie_word_embeddings", False)
        if not self.tied:
            self.head = torch.nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False)
        e = cfg["hidden_size"] // cfg["num_attention_heads"]
        inv = 1.0 / cfg.get("rope_theta", 10000.0) ** (torch.arange(0, e, 2).float() / e)
        freqs = torch.outer(torch.arange(cfg["max_position_embeddings"]).float(), inv)
        emb = torch.cat([freqs, freqs], -1)
        self.register_buffer("cos", emb.cos(), persistent=False)
        self.register_buffer("sin", emb.sin(), persistent=False)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.embed(ids)
        mask = torch.ones(t, t, dtype=torch.bool, device=ids.device).triu(1)
        for blk in self.blocks:
            x = blk(x, self.cos[:t].to(x.dtype) if x.is_cuda else self.cos[:t], self.sin[:t].to(x.dtype) if x.is_cuda else self.sin[:t], mask)
        x = self.norm(x)
        return x @ self.embed.weight.T if self.tied else self.head(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq-len", type=int, default=512)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--precision", default="fp32", choices=["fp32", "bf16"])
    ap.add_argument("--warmup", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cfg = json.load(open(args.model + "/config.json"))
    torch.manual_seed(0)
    device = torch.device(args.device)
    model = Decoder(cfg).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.precision == "bf16")

    def step():
        batch = torch.randint(cfg["vocab_size"], (args.batch, args.seq_len + 1), device=device)
        opt.zero_grad(set_to_none=True)
        with autocast:
            logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    for _ in range(args.warmup):
        step().item()
    start = time.perf_counter()
    for _ in range(args.steps):
        loss = step()
    loss.item()  # waits for the GPU
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": args.batch * args.seq_len * args.steps / seconds, "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "shape": f"{args.batch}x{args.seq_len}",
                      "device": str(device), "precision": args.precision,
                      "step_ms": 1000 * seconds / args.steps}))


if __name__ == "__main__":
    main()
