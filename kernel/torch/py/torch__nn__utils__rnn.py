"""torch.nn.utils.rnn: batching sequences of different lengths."""
import torch


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side='right'):
    """Stack 1+-d tensors of different lengths (dim 0) into one, the short ones filled with
    padding_value at the end (padding_side='right') or the start ('left'); the result is
    [longest, batch, *rest], or [batch, longest, *rest] with batch_first."""
    if padding_side not in ('left', 'right'):
        raise RuntimeError(f'Expected padding_side to be one of left or right, but got {padding_side}.')
    if isinstance(sequences, torch.Tensor):
        sequences = sequences.unbind(0)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError('received an empty list of sequences')
    longest = max(s.size(0) for s in sequences)
    rest = list(sequences[0].shape[1:])
    rows = []
    for s in sequences:
        fill = s.new_full([longest - s.size(0)] + rest, padding_value)
        rows.append(torch.cat([s, fill] if padding_side == 'right' else [fill, s]))
    out = torch.stack(rows)
    if out.requires_grad:  # PyTorch writes the rows into a filled tensor
        torch._grad_fn_as(out, 'CopySlices')
    return out if batch_first else out.transpose(0, 1)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The sequences pad_sequence stacked, cut back to their lengths."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [padded_sequences[i][:int(n)] for i, n in enumerate(lengths)]
