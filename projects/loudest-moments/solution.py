import sys


def read_input():
    """Reads N, K and the N loudness values. Returns (values, k)."""
    n, k = sys.stdin.readline().split()
    values = [int(x) for x in sys.stdin.readline().split()[:int(n)]]
    return values, int(k)


def window_maxima(values, k):
    """Returns the list of maxima of all windows of k consecutive values, from left to right."""


def main():
    values, k = read_input()
