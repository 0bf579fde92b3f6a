import sys


def read_profits():
    """Reads N and then N daily profits. Returns them as a list of ints."""
    n = int(sys.stdin.readline().strip())
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def best_period(profits):
    """Returns (total, l, r): the largest total of a run of consecutive days and its first and last
    day, counted from 1, with ties going to the earliest start and then the earliest end."""


def main():
    profits = read_profits()
