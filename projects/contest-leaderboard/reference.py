import sys


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    participants = []
    for i in range(n):
        name = data[1 + 3 * i]
        solved = int(data[2 + 3 * i])
        penalty = int(data[3 + 3 * i])
        participants.append((name, solved, penalty))
    participants.sort(key=lambda p: (-p[1], p[2], p[0]))
    lines = []
    rank = 0
    for position, (name, solved, penalty) in enumerate(participants, start=1):
        if position == 1 or (solved, penalty) != participants[position - 2][1:]:
            rank = position
        lines.append(f"{rank} {name} {solved} {penalty}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
