"""Rich display of tensors as front ends show it: Out[n] is PyTorch's text only, display(t)
adds the text/html table, t.plot() of a 1-D tensor is an SVG line plot with rounded ticks
and a title line, and heatmaps are zlib-compressed PNGs with row/column ticks and a colour
bar; all of them small. The device reads of one display are one ledger transfer."""
import base64
import math
import re
import struct
import xml.etree.ElementTree as ET
import zlib

import pytest

from conftest import execute, result_of, started_kernel, stdout_of

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch")


def displays(msgs):
    return [c["data"] for t, c in msgs if t == "display_data"]


def decode_png(b64):
    """(width, height, rows of RGB bytes, compressed size) of a PNG, unfiltering its rows."""
    data = base64.b64decode(b64)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) == crc
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + n
    w, h = struct.unpack(">II", chunks[b"IHDR"][:8])
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = w * 3
    assert len(raw) == h * (stride + 1)
    rows, prev = [], bytes(stride)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        assert f in (0, 2)
        if f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        rows.append(bytes(line))
        prev = rows[-1]
    return w, h, rows, len(data)


def svg_of(data):
    return ET.fromstring(data["image/svg+xml"])


def is_125_step(values):
    """Evenly spaced by 1, 2 or 5 times a power of ten."""
    steps = {round(b - a, 12) for a, b in zip(values, values[1:])}
    assert len(steps) == 1, values
    (step,) = steps
    mant = step / 10 ** math.floor(math.log10(step))
    return any(abs(mant - m) < 1e-6 for m in (1, 2, 5))


def test_out_is_pytorch_text_only(kc):
    reply, msgs = execute(kc, "torch.arange(6).reshape(2, 3)")
    assert result_of(msgs) == {"text/plain": "tensor([[0, 1, 2],\n        [3, 4, 5]])"}
    reply, msgs = execute(kc, "x = torch.tensor([1.0, 2.0], requires_grad=True)\n(x * x).sum().backward()\nx.grad")
    assert result_of(msgs) == {"text/plain": "tensor([2., 4.])"}


def test_display_keeps_the_table(kc):
    reply, msgs = execute(kc, "display(torch.arange(6).reshape(2, 3))")
    (data,) = displays(msgs)
    assert data["text/plain"] == "tensor([[0, 1, 2],\n        [3, 4, 5]])"
    assert "shape (2, 3) \u00b7 int64 \u00b7 cpu" in data["text/html"] and "<td>5</td>" in data["text/html"]


def test_line_plot_is_svg_with_rounded_ticks_and_title(kc):
    reply, msgs = execute(kc, "x = torch.linspace(-3.14159, 3.14159, 200)\ntorch.sin(x).plot()")
    assert reply["status"] == "ok" and result_of(msgs) is None
    (data,) = displays(msgs)
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert len(data["image/svg+xml"]) < 20000
    root = svg_of(data)
    words = [t.text for t in root.iter(SVG + "text")]
    assert "shape (200,) \u00b7 float32 \u00b7 cpu" in words
    y_group, x_group = [g for g in root.iter(SVG + "g") if g.get("text-anchor") in ("end", "middle")]
    ys = [float(t.text) for t in y_group.iter(SVG + "text")]
    xs = [float(t.text) for t in x_group.iter(SVG + "text")]
    # both axes: rounded 1-2-5 ticks, in one precision, covering the data
    assert is_125_step(ys) and is_125_step(xs)
    assert ys[0] <= -0.99 and ys[-1] >= 0.99 and ys == sorted(ys)
    assert xs[0] == 0 and xs[-1] <= 199 and len(xs) >= 4
    assert len({len(t.text.split(".")[-1]) for t in y_group.iter(SVG + "text")}) == 1
    # y labels sit left of the plot, x labels below it: no label shares the other's band
    y_x = {float(t.get("x")) for t in y_group.iter(SVG + "text")}
    x_y = {float(t.get("y")) for t in x_group.iter(SVG + "text")}
    assert max(y_x) < min(float(t.get("x")) for t in x_group.iter(SVG + "text")) + 1
    assert min(x_y) > max(float(t.get("y")) for t in y_group.iter(SVG + "text"))
    (line,) = root.iter(SVG + "polyline")
    assert len(line.get("points").split()) == 200


def test_line_plot_of_large_tensor_is_sampled(kc):
    reply, msgs = execute(kc, "t = torch.linspace(0, 1, 1000000)\nt.plot()")
    assert reply["status"] == "ok"
    (data,) = displays(msgs)
    root = svg_of(data)
    (line,) = root.iter(SVG + "polyline")
    assert len(line.get("points").split()) <= 1000
    assert any("1 in 1000 points" in (t.text or "") for t in root.iter(SVG + "text"))
    assert len(data["image/svg+xml"]) < 25000


def test_heatmap_is_compressed_png_with_bar_and_ticks(kc):
    reply, msgs = execute(kc, "display(torch.arange(12, dtype=torch.float32).reshape(3, 4), heatmap=True)")
    assert reply["status"] == "ok"
    (data,) = displays(msgs)
    assert "text/html" not in data
    w, h, rows, size = decode_png(data["image/png"])
    assert w > 150 and h > 150 and size < 8000
    # graded colours: the cells and the colour bar
    pixels = {r[i:i + 3] for r in rows for i in range(0, len(r), 3)}
    assert len(pixels) > 50
    # dark text (title, ticks, bar labels) drawn at a readable size: runs of >= 2 px
    ink = [(x, y) for y, r in enumerate(rows) for x in range(w) if r[3 * x:3 * x + 3] == b"\x3c\x3c\x3c"]
    assert len(ink) > 500


def test_smooth_large_heatmap_is_small(kc):
    reply, msgs = execute(kc, "a = torch.arange(404.0).reshape(404, 1) * torch.arange(368.0)\n"
                              "display(a, heatmap=True)")
    (data,) = displays(msgs)
    w, h, rows, size = decode_png(data["image/png"])
    assert size < 30000, size


def test_plot_rejects_3d(kc):
    reply, _ = execute(kc, "torch.zeros(2, 2, 2).plot()")
    assert reply["status"] == "error" and reply["ename"] == "ValueError"


@pytest.fixture(scope="module")
def gpu(jupyter_data_dir):
    yield from started_kernel("import torch", kernel_name="tensorkernel-emulated")


def ledger(kc):
    reply, msgs = execute(kc, "%transfers")
    out = stdout_of(msgs)
    m = re.match(r"GPU-to-CPU transfers this session: (\d+) \(([\d.]+) (B|KiB|MiB)\)", out)
    assert m, out
    scale = {"B": 1, "KiB": 1024, "MiB": 1 << 20}[m.group(3)]
    return int(m.group(1)), float(m.group(2)) * scale, out


@pytest.mark.parametrize("code", ["display(t)", "t", "t.plot()", "display(t, heatmap=True)"])
def test_one_display_of_a_gpu_tensor_is_one_transfer(gpu, code):
    execute(gpu, "t = torch.arange(1e6).reshape(1000, 1000).cuda()\n%transfers reset")
    reply, msgs = execute(gpu, code)
    assert reply["status"] == "ok"
    n, nbytes, out = ledger(gpu)
    assert n == 1, out
    assert 0 < nbytes < 4e6 / 8  # the shown edges / the sample, never the whole tensor
    assert "display" in out.splitlines()[-1]


def test_line_plot_gaps_and_single_points(kc):
    reply, msgs = execute(kc, "torch.tensor([float('nan'), 1.0, 2.0, float('nan'), 3.0]).plot()")
    root = svg_of(displays(msgs)[0])
    assert len(list(root.iter(SVG + "polyline"))) == 1  # 1.0-2.0; nan breaks the line
    assert len(list(root.iter(SVG + "circle"))) == 1    # 3.0 stands alone
    reply, msgs = execute(kc, "torch.tensor([5.0]).plot()")
    root = svg_of(displays(msgs)[0])
    x_group = [g for g in root.iter(SVG + "g") if g.get("text-anchor") == "middle"][0]
    assert [t.text for t in x_group.iter(SVG + "text")] == ["0"]
    assert len(list(root.iter(SVG + "circle"))) == 1
