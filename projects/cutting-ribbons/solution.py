import sys


def read_input():
    """Reads N, K and the N ribbon lengths. Returns (ribbons, k)."""
    n, k = sys.stdin.readline().split()
    ribbons = [int(x) for x in sys.stdin.readline().split()[:int(n)]]
    return ribbons, int(k)


def pieces(ribbons, length):
    """How many pieces of the given length can be cut from all ribbons."""
    return sum(r // length for r in ribbons)


def main():
    ribbons, k = read_input()
