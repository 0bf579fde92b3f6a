import sys


def read_temperatures():
    """Reads N and then N temperatures. Returns them as a list of ints."""
    n = int(sys.stdin.readline().strip())
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def days_to_wait(temps):
    """Returns a list with, for each day, the number of days until a strictly warmer day (0 if none)."""


def main():
    temps = read_temperatures()
