import sys


def read_header():
    """Reads N and the budget B. Returns (n, b)."""
    n, b = sys.stdin.readline().split()
    return int(n), int(b)


def read_prices(n):
    """Reads n prices from the next line. Returns them as a list of ints."""
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def main():
    
