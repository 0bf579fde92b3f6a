import heapq
import sys


def cheapest(n, roads):
    """Dijkstra's algorithm from town 1 with a binary heap; returns -1 if town n is unreachable."""
    adjacent = [[] for _ in range(n + 1)]
    for u, v, w in roads:
        adjacent[u].append((v, w))
        adjacent[v].append((u, w))
    dist = [None] * (n + 1)
    dist[1] = 0
    heap = [(0, 1)]
    while heap:
        d, town = heapq.heappop(heap)
        if d > dist[town]:
            continue
        if town == n:
            return d
        for nxt, w in adjacent[town]:
            nd = d + w
            if dist[nxt] is None or nd < dist[nxt]:
                dist[nxt] = nd
                heapq.heappush(heap, (nd, nxt))
    return -1


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    roads = [(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])) for i in range(m)]
    print(cheapest(n, roads))


if __name__ == "__main__":
    main()
