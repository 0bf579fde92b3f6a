import sys


def read_input():
    """Reads N, S and the N fuel amounts. Returns (fuel, s)."""
    n, s = sys.stdin.readline().split()
    fuel = [int(x) for x in sys.stdin.readline().split()[:int(n)]]
    return fuel, int(s)


def shortest_block(fuel, need):
    """Returns the length of the shortest run of consecutive stations holding at least need litres,
    or 0 if no run does."""


def main():
    fuel, need = read_input()
