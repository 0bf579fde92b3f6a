import sys


def read_header():
    """Reads N and D. Returns (n, d)."""
    n, d = sys.stdin.readline().split()
    return int(n), int(d)


def read_weights(n):
    """Reads the n parcel weights from the next line. Returns a list of ints."""
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def main():
    
