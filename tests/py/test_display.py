"""Rich display of tensors: text/plain and text/html in results, and image/png plots made
by the kernel (display(t, heatmap=True), t.plot()) that decode as valid PNG images."""
import base64
import struct
import zlib

import pytest

from conftest import execute, result_of, started_kernel


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    yield from started_kernel("import torch")


def displays(msgs):
    return [c["data"] for t, c in msgs if t == "display_data"]


def decode_png(b64):
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
    assert len(raw) == h * (w * 3 + 1)
    return w, h, raw


def test_result_has_plain_and_html(kc):
    reply, msgs = execute(kc, "torch.arange(6).reshape(2, 3)")
    data = result_of(msgs)
    assert data["text/plain"] == "tensor([[0, 1, 2],\n        [3, 4, 5]])"
    assert "text/html" in data


def test_heatmap_png(kc):
    reply, msgs = execute(kc, "display(torch.arange(12, dtype=torch.float32).reshape(3, 4), heatmap=True)")
    assert reply["status"] == "ok"
    (data,) = displays(msgs)
    w, h, raw = decode_png(data["image/png"])
    assert w > 4 and h > 3
    # more than two colours: the cells and the colour bar are graded
    pixels = {raw[i:i + 3] for i in range(1, len(raw) - 3, 3)}
    assert len(pixels) > 10


def test_line_plot_of_large_tensor_is_sampled(kc):
    reply, msgs = execute(kc, "t = torch.linspace(0, 1, 1000000)\nt.plot()")
    assert reply["status"] == "ok"
    (data,) = displays(msgs)
    w, h, _ = decode_png(data["image/png"])
    assert (w, h) == (480, 300)


def test_plot_rejects_3d(kc):
    reply, _ = execute(kc, "torch.zeros(2, 2, 2).plot()")
    assert reply["status"] == "error" and reply["ename"] == "ValueError"
