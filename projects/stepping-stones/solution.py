import sys


def read_stones():
    """Reads N and then the N jump lengths. Returns them as a list of ints."""
    n = int(sys.stdin.readline().strip())
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def fewest_jumps(reach):
    """Returns the smallest number of jumps from the first to the last stone, or -1."""


def main():
    reach = read_stones()
