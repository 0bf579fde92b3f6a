import sys


def read_talks():
    """Reads N and then N talks. Returns a list of (start, end) tuples."""
    n = int(sys.stdin.readline().strip())
    talks = []
    for _ in range(n):
        s, e = sys.stdin.readline().split()
        talks.append((int(s), int(e)))
    return talks


def main():
    
