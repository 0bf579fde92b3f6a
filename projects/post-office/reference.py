import heapq
import sys


def serve(customers, k):
    """Keeps a heap of free counter numbers and a heap of (free time, counter) for busy ones.
    Returns a list of (counter, end time) in the order of the customers."""
    free = list(range(1, k + 1))
    busy = []
    result = []
    for arrive, duration in customers:
        while busy and busy[0][0] <= arrive:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            counter = heapq.heappop(free)
            start = arrive
        else:
            start, counter = heapq.heappop(busy)
        heapq.heappush(busy, (start + duration, counter))
        result.append((counter, start + duration))
    return result


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    customers = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(n)]
    print("\n".join(f"{counter} {end}" for counter, end in serve(customers, k)))


if __name__ == "__main__":
    main()
