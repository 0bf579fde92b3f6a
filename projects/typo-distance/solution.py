import sys


def read_words():
    """Reads the two words. Returns (s, t)."""
    s = sys.stdin.readline().strip()
    t = sys.stdin.readline().strip()
    return s, t


def edit_distance(source, target):
    """Returns the smallest number of insertions, deletions and replacements turning source into
    target."""


def main():
    s, t = read_words()
