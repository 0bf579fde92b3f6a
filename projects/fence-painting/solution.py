import sys


def read_input():
    """Reads N, M, K and the M painted ranges. Returns (n, ranges, k) with (l, r) tuples."""
    n, m, k = sys.stdin.readline().split()
    ranges = []
    for _ in range(int(m)):
        l, r = sys.stdin.readline().split()
        ranges.append((int(l), int(r)))
    return int(n), ranges, int(k)


def boards_with_coats(n, ranges, k):
    """Returns how many of the boards 1..n received exactly k coats."""


def main():
    n, ranges, k = read_input()
