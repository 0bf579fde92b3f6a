import sys


def read_words():
    """Reads N and then N words. Returns the words as a list of strings."""
    n = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().strip() for _ in range(n)]


def main():
    
