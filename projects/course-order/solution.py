import sys


def read_rules():
    """Reads N, M and the M rules. Returns (n, rules) with rules a list of (a, b) tuples."""
    n, m = sys.stdin.readline().split()
    rules = []
    for _ in range(int(m)):
        a, b = sys.stdin.readline().split()
        rules.append((int(a), int(b)))
    return int(n), rules


def build_graph(n, rules):
    """Returns (after, missing): after[a] lists the courses that need a, and missing[b] counts the
    prerequisites of b. Lists are indexed 0..n; index 0 is unused."""
    after = [[] for _ in range(n + 1)]
    missing = [0] * (n + 1)
    for a, b in rules:
        after[a].append(b)
        missing[b] += 1
    return after, missing


def main():
    n, rules = read_rules()
    after, missing = build_graph(n, rules)
