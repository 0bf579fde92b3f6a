import sys


def read_lines():
    """Reads T and then T lines of text. Returns the lines without line endings."""
    t = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().rstrip("\n") for _ in range(t)]


def main():
    
