#!/usr/bin/env python3
"""The layering of the C sources, checked: the graph between folders must have no circle.

Folders are the layers of HACKING.md: tensorcore and gpu at the bottom, then
kernel/objects <- kernel/torch <- kernel/lang <- kernel/proto, kernel/bridge (kernel/interp.h,
the interpreter's interface for the protocol and bridge layers, belongs to kernel/lang).
An arrow A -> B means "A uses B" and comes from either
  - an #include "B/..." line in a file of A, or
  - a call in A of a function (or a use of a global) that is defined in B: a lower layer
    calling up, through a declaration it got some other way, counts as much as an include.
The graph between folders must have no circle, and every arrow must point down the order
above. Prints the arrows, the circles and the upward arrows; exits 1 if there are any.

    tools/check_layers.py [ROOT]        check the tree at ROOT (default: this checkout)
    tools/check_layers.py --self-test   check that a planted circle is found
"""
import os
import re
import sys
import tempfile

# Lower number = lower layer. A folder may use only folders with a lower or equal rank
# (equal: none today; proto and bridge are peers that the executable joins).
LAYERS = {
    "tensorcore": 0,
    "gpu": 0,
    "kernel/objects": 1,
    "kernel/torch": 2,
    "kernel/lang": 3,
    "kernel/proto": 4,
    "kernel/bridge": 4,
}
# tensorcore and gpu share rank 0 but are one library pair built together (the device
# layer implements tensorcore's backend vtable and calls tensorcore helpers): their mutual
# arrows are the vtable, not a layering question, so they form one node here.
MERGE = {"gpu": "tensorcore"}
OWNER = {"kernel/interp.h": "kernel/lang"}
SOURCE_DIRS = ["tensorcore", "gpu", "kernel"]

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
IDENT = re.compile(r"\b([A-Za-z_]\w*)\b")
# A definition at file scope of a name with a module prefix (STYLE.md: kn_, tc_, gpu_, tkb_;
# everything else is static or a local): a line starting at column 0 with a return type,
# the name, the parameters and a body.
FUNC_DEF = re.compile(r"^(?!static\b)(?:[A-Za-z_][\w\s\*]*?[\s\*])((?:kn|tc|gpu|tkb)_\w*)\s*"
                      r"\(([^;{]*)\)\s*\{", re.M)
GLOBAL_DEF = re.compile(r"^(?!static\b)(?:const\s+)?\w+\s+\*?\s*(kn_\w+|tc_\w+|gpu_\w+|tkb_\w+)"
                        r"\s*(?:\[[^\]]*\])?\s*=", re.M)


def strip_comments_and_strings(text):
    """The text with comments, string and char literals blanked (line breaks kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * max(0, j - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def folder_of(root, path):
    rel = os.path.relpath(path, root).replace(os.sep, "/")
    if rel in OWNER:
        return OWNER[rel]
    parts = rel.split("/")
    if parts[0] == "kernel" and len(parts) > 2:
        folder = "kernel/" + parts[1]
    else:
        folder = parts[0]
    return MERGE.get(folder, folder)


def sources(root):
    for top in SOURCE_DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h", ".cu", ".cuh")):
                    yield os.path.join(dirpath, f)


def build_graph(root):
    """Arrows between folders: {(a, b): [reasons]}."""
    texts = {}
    for path in sources(root):
        with open(path, encoding="utf-8", errors="replace") as fh:
            texts[path] = fh.read()
    edges = {}

    def add(a, b, why):
        if a != b:
            edges.setdefault((a, b), []).append(why)

    # include arrows
    for path, text in texts.items():
        src = folder_of(root, path)
        for inc in INCLUDE.findall(text):
            target = os.path.join(root, inc)
            if not os.path.exists(target):
                target = os.path.join(root, "tensorcore", "include", inc)
            if not os.path.exists(target):
                continue  # same-folder relative include or a system header
            add(src, folder_of(root, target),
                "%s includes %s" % (os.path.relpath(path, root), inc))

    # definitions of external functions and globals, by folder
    defined = {}
    clean = {p: strip_comments_and_strings(t) for p, t in texts.items()}
    for path, text in clean.items():
        if not path.endswith((".c", ".cu")):
            continue
        folder = folder_of(root, path)
        for m in FUNC_DEF.finditer(text):
            defined.setdefault(m.group(1), folder)
        for m in GLOBAL_DEF.finditer(text):
            defined.setdefault(m.group(1), folder)

    # uses of a name defined in another folder
    for path, text in clean.items():
        if not path.endswith((".c", ".cu")):
            continue
        src = folder_of(root, path)
        for name in sorted(set(IDENT.findall(text))):
            dst = defined.get(name)
            if dst and dst != src:
                add(src, dst, "%s uses %s" % (os.path.relpath(path, root), name))
    return edges


def circles(nodes, edges):
    """Every elementary circle of the graph, each once, as a list of nodes."""
    succ = {n: sorted({b for (a, b) in edges if a == n}) for n in nodes}
    order = sorted(nodes)
    found = []

    def walk(start, node, path, seen):
        for nxt in succ[node]:
            if nxt == start:
                found.append(path[:])
            elif nxt not in seen and order.index(nxt) > order.index(start):
                seen.add(nxt)
                path.append(nxt)
                walk(start, nxt, path, seen)
                path.pop()
                seen.discard(nxt)

    for s in order:
        walk(s, s, [s], {s})
    return found


def check(root, out=sys.stdout):
    edges = build_graph(root)
    nodes = sorted({a for a, _ in edges} | {b for _, b in edges})
    rank = {f: r for f, r in LAYERS.items() if f not in MERGE}
    print("arrows between folders (A -> B: A uses B):", file=out)
    for (a, b), why in sorted(edges.items()):
        print("  %-15s -> %-15s %3d  e.g. %s" % (a, b, len(why), why[0]), file=out)
    found = circles(nodes, edges)
    upward = [(a, b) for (a, b) in edges
              if a in rank and b in rank and rank[b] > rank[a]]
    unknown = [n for n in nodes if n not in rank]
    print("circles: %d" % len(found), file=out)
    for c in found:
        print("  " + " -> ".join(c + [c[0]]), file=out)
    for a, b in sorted(upward):
        print("upward arrow %s -> %s:" % (a, b), file=out)
        for why in edges[(a, b)][:10]:
            print("    " + why, file=out)
    for n in unknown:
        print("folder %s has no layer in tools/check_layers.py" % n, file=out)
    return len(found), len(upward) + len(unknown)


def self_test():
    """A planted include circle and a planted upward call must each be reported."""
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fh:
                fh.write(text)
        sink = open(os.devnull, "w")
        write("kernel/objects/object.h", '#include "kernel/torch/tensor_obj.h"\n')
        write("kernel/objects/core.c", "int kn_core(void) { return 0; }\n")
        write("kernel/torch/tensor_obj.h", '#include "kernel/objects/object.h"\n')
        write("kernel/torch/t.c", "int kn_t(void) { return kn_core(); }\n")
        write("kernel/lang/l.c", "int kn_lang_fn(void) { int main = kn_t(); return main; }\n")
        ncircles, _ = check(root, sink)
        assert ncircles == 1, "planted include circle: %d circles found" % ncircles
        write("kernel/objects/object.h", "\n")
        write("kernel/objects/core.c", "int kn_core(void) { return kn_lang_fn(); }\n")
        ncircles, nupward = check(root, sink)
        assert (ncircles, nupward) == (1, 1), "planted upward call: %d, %d" % (ncircles, nupward)
        write("kernel/objects/core.c", "int kn_core(void) { return 0; }\n")
        ncircles, nupward = check(root, sink)
        assert (ncircles, nupward) == (0, 0), "clean tree reported (%d, %d)" % (ncircles, nupward)
    print("self-test ok")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ncircles, nbad = check(root)
    return 1 if ncircles or nbad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
