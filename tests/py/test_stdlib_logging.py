"""Differential tests of logging (kernel/torch/py/logging.py) against CPython 3.11: each
program runs in the kernel and in python3 and must print the same (stderr is sent to stdout
inside the programs, so the handler of last resort and basicConfig's default stream are
compared too). The interpreter has no frames: funcName and lineno are not compared, nor the
traceback of an exception that was raised (exc_info of one that was not is compared)."""
import os
import sys

import pytest

from cpython_diff import assert_same, run_both

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

PROG_LOGGING = r"""
import logging, sys, io
sys.stderr = sys.stdout
log = logging.getLogger("app")
log.warning("unconfigured %s", "warn")
log.info("not shown")
log.error("error %d%%", 5)
print(repr(log), repr(logging.getLogger()), logging.getLogger() is logging.root, logging.getLevelName(20), logging.getLevelName("DEBUG"), logging.getLevelName(25))
child = logging.getLogger("app.sub.x")
print(child.parent is log, child.getEffectiveLevel(), logging.getLogger("app.sub").parent is log, child.parent.name, log.getChild("sub") is child.parent)
buf = io.StringIO()
logging.basicConfig(level=logging.DEBUG, format="%(levelname)-8s %(name)s: %(message)s", stream=buf)
logging.info("hello %d", 5)
child.debug("dbg %s %s", 1, [2])
log.setLevel(logging.ERROR)
child.warning("hidden")
child.error("shown %(a)s", {"a": 1})
log.propagate = False
log.critical("no handler now")
log.propagate = True
print(buf.getvalue(), end="")
buf2 = io.StringIO()
h = logging.StreamHandler(buf2)
h.setFormatter(logging.Formatter("[%(levelname)s] %(name)s %(levelno)d %(message)s"))
h.setLevel(logging.WARNING)
other = logging.getLogger("other")
other.addHandler(h)
other.warning("w1")
other.info("i1")
other.log(logging.ERROR, "log %s", "x")
other.critical("crit %r", "q")
other.error("failed", exc_info=ValueError("bad"))  # not raised: no traceback either side
print(buf2.getvalue(), end="")
print(repr(h), other.hasHandlers(), logging.getLogger("zzz").hasHandlers(), other.isEnabledFor(10), other.getEffectiveLevel())
logging.basicConfig(level=logging.INFO, force=True, format="%(message)s", stream=sys.stdout)
logging.info("forced %s", "ok")
logging.debug("no")
logging.basicConfig(level=logging.DEBUG, format="ignored")
logging.debug("still not")
f = logging.Formatter("{levelname}:{message}", style="{")
r = logging.LogRecord("n", logging.INFO, "p.py", 3, "m %s", ("x",), None)
print(f.format(r), r.getMessage(), r.levelname, r.name, logging.Formatter("$levelname $message", style="$").format(r))
print(logging.Formatter("%(asctime)s", datefmt="%Y").format(r)[:2], len(logging.Formatter("%(asctime)s").format(r)), logging.Formatter().format(r))
for bad in [lambda: logging.basicConfig(stream=sys.stdout, filename="x", force=True), lambda: log.setLevel("NOPE"),
            lambda: log.setLevel(None), lambda: logging.basicConfig(force=True, bogus=1), lambda: logging.Formatter("x", style="%"),
            lambda: logging.Formatter("x", style="?"), lambda: log.log("x", "m")]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
logging.basicConfig(force=True, stream=sys.stdout, level=logging.INFO)
logging.disable(logging.CRITICAL)
logging.critical("disabled")
logging.disable(logging.NOTSET)
logging.warning("enabled again")
ad = logging.LoggerAdapter(logging.getLogger("ad"), {"k": 1})
ad.warning("adapted %s", 1)
print(repr(ad))
class Only(logging.Filter):
    def filter(self, record):
        return "keep" in record.getMessage()
fl = logging.getLogger("filtered")
fl.addFilter(Only())
fl.warning("keep me")
fl.warning("drop me")
fl2 = logging.getLogger("a.b")
fl2.addFilter(logging.Filter("a.c"))
fl2.warning("filtered by name")
logging.addLevelName(25, "NOTICE")
logging.log(25, "custom level")
print(logging.getLevelName(25), logging.getLevelName("NOTICE"), logging.WARN, logging.FATAL, logging.NOTSET)
logging.exception("no exception active")
"""

PROG_FILE = r"""
import logging, os, sys
path = %r
logging.basicConfig(filename=path, filemode="w", level=logging.DEBUG, format="%%(name)s|%%(levelname)s|%%(message)s")
logging.getLogger("f").debug("to file %%d", 1)
logging.warning("two")
fh = logging.FileHandler(path, mode="a")
print(fh.baseFilename == os.path.abspath(path), fh.mode, fh.encoding)
lg = logging.getLogger("g")
lg.addHandler(fh)
lg.propagate = False
lg.error("three")
fh.close()
logging.shutdown()
print(open(path).read(), end="")
"""


def test_logging():
    assert_same(PROG_LOGGING)


def test_logging_file(tmp_path):
    k, c = run_both(PROG_FILE % str(tmp_path / "k.log"))
    assert k == c
    assert k[0].endswith("f|DEBUG|to file 1\nroot|WARNING|two\nthree\n")


PROG_DETAILS = r"""
import logging, sys, io
sys.stderr = sys.stdout
L = logging.getLogger
# the tree: a logger made after its descendants takes them over
c = L("t.a.b.c"); b2 = L("t.a.b2"); ab = L("t.a.b")
print(c.parent.name, b2.parent.name, ab.parent.name)
ta = L("t.a")
print(c.parent.name, b2.parent.name, ab.parent.name, ta.parent.name)
print(sorted(k for k, v in logging.root.manager.loggerDict.items() if isinstance(v, logging.PlaceHolder)))
w = L("a..b"); print(w.parent.name); L("a."); print(w.parent.name)
print(logging.getLevelNamesMapping(), logging.root.getChild("zz").name, L("root") is logging.root)
# formats: validation and substitution in the three styles
r = logging.makeLogRecord({"msg": "m %s", "args": (1,), "name": "n", "levelname": "L"})
for style, fmts in [("%", ["%(x)", "%(name)s", "%(name)5.2s|", "%(name).s", "%(name)-8r|", "a %(b c)s", "%(x)5", "plain"]),
                    ("$", ["$name $$ ${levelname}x", "$msg$", "a\n b $1", "$", "x ${name", "${}", "$name_1!", "no fields", "$missing"]),
                    ("{", ["{name}/{levelname}", "no fields", "{missing}"])]:
    for f in fmts:
        for v in (True, False):
            try:
                print(repr(f), v, repr(logging.Formatter(f, style=style, validate=v).format(r)))
            except Exception as e:
                print(repr(f), v, type(e).__name__, e)
print(repr(r.module), repr(r.filename), r.getMessage(), repr(logging.BufferingFormatter().format([r, r])))
buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("%(levelname)s %(extra_key)s %(dflt)s %(message)s", defaults={"dflt": "D", "extra_key": "-"}))
t = L("tpl"); t.addHandler(h); t.propagate = False
t.warning("with extra", extra={"extra_key": "E"})
t.warning("without extra")
try:
    t.warning("x", extra={"message": 1})
except KeyError as e:
    print("KeyError", e)
h.addFilter(lambda rec: rec.levelno > 30)
t.warning("dropped by a callable filter"); t.error("kept by a callable filter")
ad = logging.LoggerAdapter(t, {"extra_key": "AD"})
ad.error("via adapter %d", 7)
print(ad.name, ad.getEffectiveLevel(), ad.isEnabledFor(30), ad.manager is logging.root.manager)
print(buf.getvalue(), end="")
print(logging.Filter("a.b").filter(logging.makeLogRecord({"name": "a.bc"})), logging.Filter("a.b").filter(logging.makeLogRecord({"name": "a.b.c"})))
print(logging.Formatter("%(message)s").format(logging.makeLogRecord({"msg": "a", "exc_info": (None, None, None), "stack_info": "STACK"})))
print(repr(logging.Formatter("%(message)s").format(logging.makeLogRecord({"msg": "a\n", "exc_text": "EXC"}))))
t.setLevel("ERROR"); print(t.isEnabledFor(40), t.isEnabledFor(30)); logging.disable(40); print(t.isEnabledFor(40), t.isEnabledFor(50)); logging.disable(0)
h2 = logging.StreamHandler(sys.stdout); print(repr(h2), h2.setStream(buf) is sys.stdout, h2.setStream(buf))
class My(logging.Logger): pass
logging.setLoggerClass(My); print(type(L("mine")).__name__, logging.getLoggerClass() is My); logging.setLoggerClass(logging.Logger)
for bad in [lambda: logging.setLoggerClass(int), lambda: L(5), lambda: logging.basicConfig(handlers=[h], stream=sys.stdout)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
logging.basicConfig(handlers=[logging.StreamHandler(sys.stdout)], format="{levelname}!{message}", style="{")
logging.warning("via handlers")
logging.error("exc", exc_info=KeyError("k"))
logging.error("d %(a)s %(b)s", {"a": 1, "b": 2})
logging.lastResort = None
L("nolast").error("goes nowhere"); L("nolast2").error("again")
"""


def test_logging_details():
    assert_same(PROG_DETAILS)
