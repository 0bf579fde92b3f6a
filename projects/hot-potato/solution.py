import sys


def read_input():
    """Reads N and K. Returns (n, k)."""
    n, k = sys.stdin.readline().split()
    return int(n), int(k)


def leaving_order(n, k):
    """Returns the list of children in the order in which they leave the circle."""
    circle = list(range(1, n + 1))
    order = []
    return order


def main():
    n, k = read_input()
