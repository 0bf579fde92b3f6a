import sys


def parse_date(text):
    """Turns 'YYYY-MM-DD' into a tuple of ints (year, month, day)."""
    year, month, day = text.split("-")
    return int(year), int(month), int(day)


def read_pairs():
    """Reads Q and then Q pairs of dates. Returns a list of ((y, m, d), (y, m, d)) tuples."""
    q = int(sys.stdin.readline().strip())
    pairs = []
    for _ in range(q):
        first, second = sys.stdin.readline().split()
        pairs.append((parse_date(first), parse_date(second)))
    return pairs


def main():
    
