import sys


def read_versions():
    """Reads N and then N version strings. Returns them as a list of strings."""
    n = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().strip() for _ in range(n)]


def parse_version(version):
    """Turns '1.10.0' into the list of ints [1, 10, 0]."""
    return [int(x) for x in version.split(".")]


def main():
    versions = read_versions()
    versions.sort()
