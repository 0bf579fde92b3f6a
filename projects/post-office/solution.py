import sys


def read_input():
    """Reads N, K and the N customers. Returns (customers, k) with (arrival, duration) tuples."""
    n, k = sys.stdin.readline().split()
    customers = []
    for _ in range(int(n)):
        t, d = sys.stdin.readline().split()
        customers.append((int(t), int(d)))
    return customers, int(k)


def serve(customers, k):
    """Returns a list of (counter, end time), one for each customer in input order."""


def main():
    customers, k = read_input()
