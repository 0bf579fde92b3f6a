import sys


def read_bookings():
    """Reads N and then N bookings. Returns a list of (start, end) tuples."""
    n = int(sys.stdin.readline().strip())
    bookings = []
    for _ in range(n):
        s, e = sys.stdin.readline().split()
        bookings.append((int(s), int(e)))
    return bookings


def main():
    
