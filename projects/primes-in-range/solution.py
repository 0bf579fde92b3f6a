import sys


def read_queries():
    """Reads Q and then Q pairs (l, r). Returns a list of (l, r) tuples."""
    q = int(sys.stdin.readline().strip())
    queries = []
    for _ in range(q):
        l, r = sys.stdin.readline().split()
        queries.append((int(l), int(r)))
    return queries


def main():
    
