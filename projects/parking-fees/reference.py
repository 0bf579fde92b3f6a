import sys

MINUTES_PER_DAY = 24 * 60


def to_minutes(clock):
    """Converts 'HH:MM' to minutes after midnight."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def fee(entry, leave, grace, hourly, cap):
    """Fee for one stay; an exit before the entry means the car left the next day."""
    stay = (to_minutes(leave) - to_minutes(entry)) % MINUTES_PER_DAY
    if stay <= grace:
        return 0
    started_hours = (stay + 59) // 60
    return min(cap, started_hours * hourly)


def main():
    lines = sys.stdin.read().split("\n")
    grace, hourly, cap = map(int, lines[0].split())
    n = int(lines[1])
    out = []
    total = 0
    for i in range(n):
        plate, entry, leave = lines[2 + i].split()
        amount = fee(entry, leave, grace, hourly, cap)
        total += amount
        out.append(f"{plate} {amount}")
    out.append(f"TOTAL {total}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
