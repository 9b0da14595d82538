import numpy as np
vals = [np.int64(3), np.int32(2), np.uint8(7), np.float64(1.5), np.float32(0.5), np.bool_(True),
        np.int8(-1), np.int16(4), np.float16(2.0)]
for v in vals:
    print(type(v).__name__, isinstance(v, np.generic), isinstance(v, np.number),
          isinstance(v, np.integer), isinstance(v, np.signedinteger),
          isinstance(v, np.unsignedinteger), isinstance(v, np.floating),
          isinstance(v, np.inexact), isinstance(v, np.complexfloating), isinstance(v, np.bool_))
# %%
issubclass(np.float32, np.floating), issubclass(np.int64, np.number), issubclass(np.float64, np.integer), issubclass(np.integer, np.number)
# %%
np.integer, np.generic, np.floating, np.signedinteger, np.number.__name__, np.int64.__name__
# %%
import json
class NpEncoder(json.JSONEncoder):
    def default(self, obj):
        if isinstance(obj, np.integer):
            return int(obj)
        if isinstance(obj, np.floating):
            return float(obj)
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        return super().default(obj)
json.dumps({"a": np.int64(3), "b": np.float32(0.5), "c": np.arange(3), "d": [np.int32(1), np.uint8(2)]}, cls=NpEncoder)
# %%
np.integer()
# %%
import statistics
statistics.mean([])
