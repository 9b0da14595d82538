import numpy as np
# NumPy 2's promotion with weak Python numbers: np.where, np.result_type, np.hypot
for a, b in [(np.arange(3.0), 0), (np.arange(3, dtype=np.int32), 0), (np.arange(3, dtype=np.int32), np.int64(0)),
             (np.arange(3, dtype=np.float32), 0.5), (np.arange(3, dtype=np.int8), 300), (np.arange(3, dtype=np.uint8), -1),
             (np.arange(3, dtype=np.float32), np.arange(3.0)), (np.arange(3, dtype=np.int32), np.array(0)),
             (2, 3.0), (np.float32(2), 1), (np.arange(3, dtype=np.int16), True), (True, False), (np.arange(3) > 1, 2.5)]:
    try:
        r = np.where(np.array([True, False, True]), a, b); print(r, r.dtype)
    except Exception as e: print(type(e).__name__, e)
print(np.result_type(True, False), np.result_type(True, 1), np.result_type(np.arange(2), True), np.result_type(np.float32(1), 1), np.result_type(1, 2.0), np.result_type(1, 1j))
print(np.result_type(np.array([True]), 2), np.result_type(3, np.int8(1)), np.result_type(True, np.arange(3, dtype=np.uint8)))
try: np.result_type()
except Exception as e: print(type(e).__name__, e)
for a, b in [(3, 4), (np.float32(3), 4), (np.arange(3, dtype=np.int8), 2), (3.0, np.float16(4)), (np.arange(3), np.float32(2)), (True, 2)]:
    r = np.hypot(a, b); print(r, r.dtype)
