import sys


def read_paths():
    """Reads Q and then Q paths. Returns them as a list of strings."""
    q = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().strip() for _ in range(q)]


def split_parts(path):
    """Splits a path at every '/'. '/a//b/' gives ['', 'a', '', 'b', '']."""
    return path.split("/")


def tidy(path):
    """Returns the tidy form of an absolute path."""


def main():
    paths = read_paths()
