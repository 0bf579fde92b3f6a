import sys


def find(parent, x):
    """Returns the root of x's circle, halving the path on the way up."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def circles(n, friendships):
    """Union-find with union by size. Returns (number of circles, size of the largest)."""
    parent = list(range(n + 1))
    size = [1] * (n + 1)
    count = n
    for a, b in friendships:
        ra, rb = find(parent, a), find(parent, b)
        if ra == rb:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
        count -= 1
    return count, max(size[find(parent, x)] for x in range(1, n + 1))


def main():
    data = sys.stdin.read().split()
    n, m = int(data[0]), int(data[1])
    friendships = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
    count, largest = circles(n, friendships)
    print(count, largest)


if __name__ == "__main__":
    main()
