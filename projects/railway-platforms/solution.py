import sys


def read_trains():
    """Reads N and then N trains. Returns a list of (arrival, departure) tuples."""
    n = int(sys.stdin.readline().strip())
    trains = []
    for _ in range(n):
        a, d = sys.stdin.readline().split()
        trains.append((int(a), int(d)))
    return trains


def platforms_needed(trains):
    """Returns the largest number of trains that are at the station during the same minute."""


def main():
    trains = read_trains()
