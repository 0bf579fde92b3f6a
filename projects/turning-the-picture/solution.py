import sys


def read_header():
    """Reads R, C and K. Returns (r, c, k)."""
    r, c, k = sys.stdin.readline().split()
    return int(r), int(c), int(k)


def read_matrix(r):
    """Reads r rows of integers. Returns the matrix as a list of lists."""
    return [[int(x) for x in sys.stdin.readline().split()] for _ in range(r)]


def main():
    
