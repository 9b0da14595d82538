import torch
def E(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.uint16, torch.uint32, torch.uint64, torch.float8_e4m3fn, torch.float8_e5m2)
print(torch.uint16.itemsize, torch.uint32.is_signed, torch.float8_e4m3fn.is_floating_point, torch.uint64.is_floating_point, torch.float8_e4m3fn.itemsize)
print(torch.uint16 == torch.uint16, torch.uint16 == torch.int16, torch.uint16 != torch.uint32, torch.uint16.to_real())
print(torch.iinfo(torch.uint32), torch.iinfo(torch.int32), torch.iinfo(torch.int64), torch.iinfo(torch.uint16), torch.iinfo(torch.uint64))
print(torch.finfo(torch.float8_e4m3fn), torch.finfo(torch.float8_e5m2))
print(torch.tensor([1]).dtype in (torch.uint16, torch.uint32, torch.uint64))
