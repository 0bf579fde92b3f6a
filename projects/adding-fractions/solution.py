import sys


def parse_fraction(text):
    """Turns 'a/b' into a tuple of ints (a, b)."""
    a, b = text.split("/")
    return int(a), int(b)


def read_fractions():
    """Reads N and then N fractions. Returns a list of (numerator, denominator) tuples."""
    n = int(sys.stdin.readline().strip())
    return [parse_fraction(sys.stdin.readline().strip()) for _ in range(n)]


def main():
    
