import sys


def read_header():
    """Reads the shift K and the number of lines L. Returns (k, l)."""
    k, l = sys.stdin.readline().split()
    return int(k), int(l)


def read_lines(count):
    """Reads the next count lines of text and returns them without line endings."""
    return [sys.stdin.readline().rstrip("\n") for _ in range(count)]


def main():
    
