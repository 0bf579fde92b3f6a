import sys


def fewest_jumps(reach):
    """Breadth-first search in layers: all stones reachable with k jumps form a contiguous block,
    and the next block ends at the farthest stone any of them can reach."""
    n = len(reach)
    jumps = 0
    block_end = 0  # last stone (0-based) reachable with `jumps` jumps
    farthest = 0
    i = 0
    while block_end < n - 1:
        while i <= block_end:
            farthest = max(farthest, i + reach[i])
            i += 1
        if farthest <= block_end:
            return -1
        jumps += 1
        block_end = farthest
    return jumps


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    reach = [int(x) for x in data[1:1 + n]]
    print(fewest_jumps(reach))


if __name__ == "__main__":
    main()
