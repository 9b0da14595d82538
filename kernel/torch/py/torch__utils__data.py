"""torch.utils.data: Dataset, TensorDataset, random_split, the samplers and DataLoader.
Shuffling draws from torch's random stream exactly as PyTorch's loader does (a base seed
per epoch, then a generator seeded from the stream for the permutation), so a seeded
notebook sees PyTorch's batches in PyTorch's order."""
import torch


class Dataset:
    def __getitem__(self, index):
        raise NotImplementedError('Subclasses of Dataset should implement __getitem__.')

    def __add__(self, other):
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    def __init__(self, *tensors):
        if any(tensors[0].size(0) != t.size(0) for t in tensors):
            raise AssertionError('Size mismatch between tensors')
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class ConcatDataset(Dataset):
    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError('datasets should not be an empty iterable')
        self.cumulative_sizes = []
        total = 0
        for d in self.datasets:
            total += len(d)
            self.cumulative_sizes.append(total)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError('absolute value of index should not exceed dataset length')
            idx = len(self) + idx
        for i, end in enumerate(self.cumulative_sizes):
            if idx < end:
                start = self.cumulative_sizes[i - 1] if i > 0 else 0
                return self.datasets[i][idx - start]
        raise IndexError('index out of range')


class Subset(Dataset):
    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __len__(self):
        return len(self.indices)


def random_split(dataset, lengths, generator=None):
    n = len(dataset)
    if all(0 <= f <= 1 for f in lengths) and abs(sum(lengths) - 1) < 1e-9 and sum(lengths) <= 1:
        counts = [int(n * f) for f in lengths]
        rem = n - sum(counts)
        for i in range(rem):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError('Sum of input lengths does not equal the length of the input dataset!')
    if generator is None:
        perm = torch.randperm(n).tolist()
    else:
        perm = torch.randperm(n, generator=generator).tolist()
    out, offset = [], 0
    for length in lengths:
        out.append(Subset(dataset, perm[offset:offset + length]))
        offset += length
    return out


class Sampler:
    def __init__(self, data_source=None):
        pass


class SequentialSampler(Sampler):
    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class _LazyIndices:
    """The indices of one epoch of a RandomSampler: drawn at the first next(), as PyTorch's
    generator-based sampler draws them."""

    def __init__(self, sampler):
        self.sampler = sampler
        self.items = None
        self.pos = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.items is None:
            self.items = self.sampler._draw()
        if self.pos >= len(self.items):
            raise StopIteration
        self.pos += 1
        return self.items[self.pos - 1]


class RandomSampler(Sampler):
    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator

    def _get_num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    num_samples = property(_get_num_samples)

    def _draw(self):
        n = len(self.data_source)
        if self.generator is None:
            seed = int(torch.empty((), dtype=torch.int64).random_().item())
            generator = torch.Generator()
            generator.manual_seed(seed)
        else:
            generator = self.generator
        out = []
        if self.replacement:
            for _ in range(self.num_samples // 32):
                out.extend(torch.randint(high=n, size=(32,), dtype=torch.int64, generator=generator).tolist())
            out.extend(torch.randint(high=n, size=(self.num_samples % 32,), dtype=torch.int64,
                                     generator=generator).tolist())
            return out
        for _ in range(self.num_samples // n):
            out.extend(torch.randperm(n, generator=generator).tolist())
        out.extend(torch.randperm(n, generator=generator).tolist()[:self.num_samples % n])
        return out

    def __iter__(self):
        return _LazyIndices(self)

    def __len__(self):
        return self.num_samples


class WeightedRandomSampler(Sampler):
    """num_samples indices drawn with the given weights (torch.multinomial), with or
    without replacement."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(f'num_samples should be a positive integer value, but got num_samples={num_samples}')
        if not isinstance(replacement, bool):
            raise ValueError(f'replacement should be a boolean value, but got replacement={replacement}')
        w = torch.as_tensor(weights, dtype=torch.double)
        if w.dim() != 1:
            raise ValueError(f'weights should be a 1d sequence but given weights have shape {tuple(w.shape)}')
        self.weights = w
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        drawn = torch.multinomial(self.weights, self.num_samples, self.replacement, generator=self.generator)
        return iter(drawn.tolist())

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f'batch_size should be a positive integer value, but got batch_size={batch_size}')
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        return _Batches(iter(self.sampler), self.batch_size, self.drop_last)

    def __len__(self):
        n = len(self.sampler)
        if self.drop_last:
            return n // self.batch_size
        return (n + self.batch_size - 1) // self.batch_size


class _Batches:
    def __init__(self, it, batch_size, drop_last):
        self.it, self.batch_size, self.drop_last = it, batch_size, drop_last

    def __iter__(self):
        return self

    def __next__(self):
        batch = []
        for idx in self.it:
            batch.append(idx)
            if len(batch) == self.batch_size:
                return batch
        if batch and not self.drop_last:
            return batch
        raise StopIteration


def default_collate(batch):
    elem = batch[0]
    if isinstance(elem, torch.Tensor):
        return torch.stack(batch, 0)
    if isinstance(elem, bool):
        return torch.tensor(batch)
    if isinstance(elem, float):
        return torch.tensor(batch, dtype=torch.float64)
    if isinstance(elem, int):
        return torch.tensor(batch)
    if isinstance(elem, str):
        return batch
    if isinstance(elem, dict):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, '_fields'):
        return type(elem)(*(default_collate(list(samples)) for samples in zip(*batch)))
    if isinstance(elem, (tuple, list)):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError('each element in list of batch should be of equal size')
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [default_collate(list(samples)) for samples in transposed]
        return [default_collate(list(samples)) for samples in transposed]
    raise TypeError(f'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {type(elem)}')


class _LoaderIter:
    def __init__(self, loader):
        self.loader = loader
        self.batches = iter(loader.batch_sampler) if loader.batch_sampler is not None else iter(loader.sampler)
        # PyTorch draws a base seed for worker processes at every epoch, workers or not
        self._base_seed = torch.empty((), dtype=torch.int64).random_(generator=loader.generator).item() \
            if loader.generator is not None else torch.empty((), dtype=torch.int64).random_().item()

    def __iter__(self):
        return self

    def __next__(self):
        loader = self.loader
        if loader.batch_sampler is None:
            idx = next(self.batches)
            return loader.collate_fn(loader.dataset[idx]) if loader._auto_collate is False else loader.dataset[idx]
        indices = next(self.batches)
        return loader.collate_fn([loader.dataset[i] for i in indices])

    def __len__(self):
        return len(self.loader)


class DataLoader:
    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device=''):
        self.dataset = dataset
        self.num_workers = num_workers
        self.generator = generator
        if sampler is not None and shuffle:
            raise ValueError('sampler option is mutually exclusive with shuffle')
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError('batch_sampler option is mutually exclusive with batch_size, '
                                 'shuffle, sampler, and drop_last')
            batch_size = None
            drop_last = False
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self._auto_collate = batch_sampler is not None
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collate else (lambda x: x)
        self.collate_fn = collate_fn

    def __iter__(self):
        return _LoaderIter(self)

    def __len__(self):
        if self.batch_sampler is not None:
            return len(self.batch_sampler)
        return len(self.sampler)
