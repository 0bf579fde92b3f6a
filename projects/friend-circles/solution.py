import sys


def read_network():
    """Reads N, M and the M friendships. Returns (n, friendships) with a list of (a, b) tuples."""
    n, m = sys.stdin.readline().split()
    friendships = []
    for _ in range(int(m)):
        a, b = sys.stdin.readline().split()
        friendships.append((int(a), int(b)))
    return int(n), friendships


def circles(n, friendships):
    """Returns (number of circles, size of the largest circle)."""


def main():
    n, friendships = read_network()
