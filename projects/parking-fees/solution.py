import sys


def read_prices():
    """Reads the first line. Returns (grace, hourly, cap) as ints."""
    grace, hourly, cap = sys.stdin.readline().split()
    return int(grace), int(hourly), int(cap)


def read_cars():
    """Reads N and then N lines. Returns a list of (plate, entry, exit) string tuples."""
    n = int(sys.stdin.readline().strip())
    cars = []
    for _ in range(n):
        plate, entry, leave = sys.stdin.readline().split()
        cars.append((plate, entry, leave))
    return cars


def to_minutes(clock):
    """Converts 'HH:MM' to minutes after midnight."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def main():
    grace, hourly, cap = read_prices()
    cars = read_cars()
