#!/usr/bin/env python3
"""`make demo`: execute examples/tour.ipynb in the installed tensorkernel with
`jupyter nbconvert --execute --to html`, then print where the HTML is and a short summary
of what ran (cells, outputs, errors). Exit status 1 when the notebook did not run cleanly."""
import json
import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "tour.ipynb"
OUT_DIR = pathlib.Path(os.environ.get("TK_DEMO_DIR", ROOT / "build" / "demo"))


def jupyter():
    """The jupyter executable next to this Python (the .venv one under make)."""
    cand = pathlib.Path(sys.executable).with_name("jupyter")
    return str(cand) if cand.exists() else "jupyter"


def summarize(nb_path, html_path):
    cells = json.loads(nb_path.read_text())["cells"]
    code = sum(1 for c in cells if c["cell_type"] == "code")
    text = html_path.read_text(encoding="utf-8", errors="replace")
    outputs = len(re.findall(r'class="jp-OutputArea-child', text))
    images = (len(re.findall(r'<img[^>]+src="data:image/png', text)) +
              len(re.findall(r'class="jp-RenderedSVG', text)))
    return {"cells": len(cells), "code_cells": code, "markdown_cells": len(cells) - code,
            "outputs": outputs, "images": images}


def main():
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    cmd = [jupyter(), "nbconvert", "--execute", "--to", "html",
           "--ExecutePreprocessor.kernel_name=tensorkernel",
           "--ExecutePreprocessor.timeout=120",
           "--output-dir", str(OUT_DIR), str(NOTEBOOK)]
    print("running:", " ".join(cmd[1:]))
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    html_path = OUT_DIR / (NOTEBOOK.stem + ".html")
    if proc.returncode != 0 or not html_path.exists():
        sys.stderr.write(proc.stderr[-4000:] + "\n")
        sys.stderr.flush()
        failed = re.findall(r"^(\w+(?:Error|Exception|Interrupt)): (.*)$", proc.stderr, flags=re.M)
        print("demo FAILED: nbconvert exited with status %d%s" % (
            proc.returncode, "; first error: %s: %s" % failed[0] if failed else ""))
        return 1
    s = summarize(NOTEBOOK, html_path)
    print("HTML: %s" % html_path)
    print("ran %d cells (%d code, %d markdown) in %.1f s: %d outputs, %d images, 0 errors"
          % (s["cells"], s["code_cells"], s["markdown_cells"], seconds, s["outputs"], s["images"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
