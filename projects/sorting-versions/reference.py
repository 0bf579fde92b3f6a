import sys


def version_key(version):
    """Numeric parts without trailing zeros decide the order; the part count breaks ties."""
    parts = [int(x) for x in version.split(".")]
    count = len(parts)
    while parts and parts[-1] == 0:
        parts.pop()
    return parts, count


def main():
    lines = sys.stdin.read().split()
    n = int(lines[0])
    versions = lines[1:1 + n]
    versions.sort(key=version_key)
    print("\n".join(versions))


if __name__ == "__main__":
    main()
