import sys


def days_to_wait(temps):
    """Monotonic stack of days that are still waiting for a warmer day."""
    wait = [0] * len(temps)
    stack = []
    for day, temp in enumerate(temps):
        while stack and temps[stack[-1]] < temp:
            earlier = stack.pop()
            wait[earlier] = day - earlier
        stack.append(day)
    return wait


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    temps = [int(x) for x in data[1:1 + n]]
    print(" ".join(map(str, days_to_wait(temps))))


if __name__ == "__main__":
    main()
