import sys


def read_header():
    """Reads N (the number of text lines) and K. Returns (n, k)."""
    n, k = sys.stdin.readline().split()
    return int(n), int(k)


def read_lines(n):
    """Reads the next n lines of text and returns them without line endings."""
    return [sys.stdin.readline().rstrip("\n") for _ in range(n)]


def main():
    
