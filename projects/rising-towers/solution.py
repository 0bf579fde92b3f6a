import sys


def read_heights():
    """Reads N and then the N tower heights. Returns them as a list of ints."""
    n = int(sys.stdin.readline().strip())
    return [int(x) for x in sys.stdin.readline().split()[:n]]


def longest_rising(heights):
    """Returns the length of the longest strictly increasing subsequence of heights."""


def main():
    heights = read_heights()
