import sys


def read_input():
    """Reads N, K and the N log entries. Returns (values, k)."""
    n, k = sys.stdin.readline().split()
    values = [int(x) for x in sys.stdin.readline().split()[:int(n)]]
    return values, int(k)


def prefix_sums(values):
    """Returns [0, a_1, a_1 + a_2, ...]: the totals of the first 0, 1, 2, ... entries."""
    sums = [0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def count_stretches(values, k):
    """Returns how many stretches of consecutive values add up to exactly k."""


def main():
    values, k = read_input()
