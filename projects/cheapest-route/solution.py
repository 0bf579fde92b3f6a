import sys


def read_roads():
    """Reads N, M and the M roads. Returns (n, roads) with roads a list of (u, v, w) tuples."""
    n, m = sys.stdin.readline().split()
    roads = []
    for _ in range(int(m)):
        u, v, w = sys.stdin.readline().split()
        roads.append((int(u), int(v), int(w)))
    return int(n), roads


def build_adjacency(n, roads):
    """Returns a list where entry t holds (neighbour, toll) pairs for town t (index 0 unused)."""
    adjacent = [[] for _ in range(n + 1)]
    for u, v, w in roads:
        adjacent[u].append((v, w))
        adjacent[v].append((u, w))
    return adjacent


def main():
    n, roads = read_roads()
    adjacent = build_adjacency(n, roads)
