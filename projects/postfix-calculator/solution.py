import sys


def read_expressions():
    """Reads T and then T expressions. Returns a list where each expression is a list of tokens."""
    t = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().split() for _ in range(t)]


def main():
    
