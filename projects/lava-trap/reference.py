import sys


def main():
    data = sys.stdin.read().split("\n")
    n = int(data[0])
    grid = [data[1 + i].strip() for i in range(n)]
    r, c, d = data[1 + n].split()
    r, c = int(r), int(c)
    q = int(data[2 + n])
    steps = {"U": (-1, 0), "D": (1, 0), "L": (0, -1), "R": (0, 1)}
    out = []
    for i in range(q):
        command = data[3 + n + i].split()
        if command[0] == "MOVE":
            dr, dc = steps[d]
            r, c = r + dr, c + dc
            if grid[r - 1][c - 1] == "L":
                out.append("Game Over")
                break
        else:
            d = command[1]
        out.append(f"{r} {c} {d}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
