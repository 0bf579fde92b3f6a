import sys


def read_strings():
    """Reads T and then T strings. Returns the strings as a list."""
    t = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().strip() for _ in range(t)]


def main():
    
