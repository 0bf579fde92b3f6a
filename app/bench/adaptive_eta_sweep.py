#!/usr/bin/python3
"""Issue 16 §2's simulated evaluation of the adaptive η: for simulated users of three patience
settings (the patient-replay human), every bundled problem is evaluated with fixed η and with
empower-auto (prior η 8), and the script prints, per patience, each arm's DPR and accepted
characters per episode (mean ± s.e. over the users' seeds pooled by episode), whether empower-auto
reaches 90 % of the best fixed η on both, and after how many suggestions its η settled (stays within
one grid step, a factor 2^(1/4), of where it ends).

Usage: app/bench/adaptive_eta_sweep.py EMPOWER_BINARY PROBLEMS_DIR OUT_DIR [--seeds 0,1] [--limit N]
Only the standard library; every run is an ordinary `empower eval` whose config and episodes stay in OUT_DIR."""
import argparse
import json
import math
import os
import subprocess
import sys

FIXED = [1, 2, 4, 8, 16]
PATIENCE = ["impatient", "middling", "patient"]


def run(binary, config_path):
    done = subprocess.run([binary, "eval", "--config", config_path], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"empower eval failed for {config_path}: {done.stderr.strip()}")


def episodes(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def mean_se(values):
    n = len(values)
    m = sum(values) / n
    var = sum((v - m) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    return m, math.sqrt(var / n)


def dpr(e, gamma=0.999, alpha=0.1, beta=0.5):
    return (gamma ** (alpha * e["tokens_read"] + beta * e["tokens_written"])) if e["passed"] else 0.0


def settled_after(trajectory):
    if not trajectory:
        return 0
    final = trajectory[-1]
    step = 2 ** 0.25 * 1.0001
    index = len(trajectory)
    for i in range(len(trajectory) - 1, -1, -1):
        if trajectory[i] > final * step or trajectory[i] < final / step:
            break
        index = i
    return index + 1  # suggestions shown before it settled, counting the first that was already there


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("problems")
    parser.add_argument("out")
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    os.makedirs(args.out, exist_ok=True)
    print(f"problems {args.problems} (limit {args.limit or 'all'}), users' seeds {seeds}, fixed η {FIXED} nats, empower-auto from η 8")
    for patience in PATIENCE:
        rows = {}
        trajectories = []
        for arm in [f"empower-{eta}" for eta in FIXED] + ["empower-auto"]:
            dprs, chars = [], []
            for seed in seeds:
                name = f"{patience}-{arm}-seed{seed}"
                log = os.path.join(args.out, name + ".jsonl")
                config = {"run_name": name, "problems": os.path.abspath(args.problems), "policy": "empower-auto" if arm == "empower-auto" else "empower",
                          "eta": 8.0 if arm == "empower-auto" else float(arm.split("-")[1]), "human": "patient-replay", "patience": patience,
                          "human_seed": seed, "limit": args.limit, "episodes_out": os.path.abspath(log), "threads": 2}
                path = os.path.join(args.out, name + ".json")
                # A run whose config and complete log are already there is reused (the sweep resumes).
                done = os.path.exists(path) and os.path.exists(log) and json.load(open(path, encoding="utf-8")) == config and \
                    (args.limit == 0 or len(episodes(log)) == args.limit)
                if not done:
                    with open(path, "w", encoding="utf-8") as f:
                        json.dump(config, f, indent=2)
                    run(args.binary, path)
                trajectory = []
                for e in episodes(log):
                    dprs.append(dpr(e))
                    chars.append(sum(len(s["kept"]) for s in e["steps"] if s["action"] == "accept"))
                    trajectory += [s["eta"] for s in e["steps"] if s["suggestion"] and "eta" in s]
                if arm == "empower-auto":
                    trajectories.append(trajectory)
            rows[arm] = (mean_se(dprs), mean_se(chars))
        best_dpr = max(v[0][0] for k, v in rows.items() if k != "empower-auto")
        best_chars = max(v[1][0] for k, v in rows.items() if k != "empower-auto")
        print(f"\n{patience}:")
        print(f"  {'arm':<14} {'DPR':>16} {'accepted chars/episode':>26}")
        for arm, ((d, dse), (c, cse)) in rows.items():
            print(f"  {arm:<14} {d:8.4f} ± {dse:.4f} {c:16.1f} ± {cse:5.1f}")
        (d, _), (c, _) = rows["empower-auto"]
        settle = [settled_after(t) for t in trajectories]
        finals = [round(t[-1], 2) for t in trajectories if t]
        print(f"  empower-auto: {100 * d / best_dpr:.1f} % of the best fixed η's DPR, {100 * c / best_chars:.1f} % of its accepted characters"
              f" ({'reaches' if d >= 0.9 * best_dpr and c >= 0.9 * best_chars else 'does not reach'} 90 % on both);"
              f" final η {finals} nats, settled after {settle} suggestions (of {[len(t) for t in trajectories]})")


if __name__ == "__main__":
    main()
