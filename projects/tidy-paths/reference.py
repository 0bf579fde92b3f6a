import sys


def tidy(path):
    """Walks the parts with a stack of folder names."""
    folders = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if folders:
                folders.pop()
        else:
            folders.append(part)
    return "/" + "/".join(folders)


def main():
    data = sys.stdin.read().split()
    q = int(data[0])
    print("\n".join(tidy(path) for path in data[1:1 + q]))


if __name__ == "__main__":
    main()
