import sys


def platforms_needed(trains):
    """Sweeps over arrival (+1) and departure (-1) events; arrivals at a minute come before the
    departures at that minute because both trains are present during it."""
    events = []
    for arrive, depart in trains:
        events.append((arrive, 0))
        events.append((depart, 1))
    events.sort()
    present = 0
    best = 0
    for _, kind in events:
        if kind == 0:
            present += 1
            best = max(best, present)
        else:
            present -= 1
    return best


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    trains = [(int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)]
    print(platforms_needed(trains))


if __name__ == "__main__":
    main()
