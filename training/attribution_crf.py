"""A linear-chain CRF per role over the tagger's BIO logits, trained with its negative log-likelihood.

Token-level cross-entropy gets nearly every subword right (token F1 0.90 on content) yet most content
spans wrong at their edges; the CRF scores whole label sequences, so a span's boundaries are learned
together. The learned scores are stored in ``tagger.json`` and added by the run-time Viterbi
(``veracity.text.tagging``); the ONNX graph is unchanged.

The partition function is a product of 3 x 3 matrices in the log semiring, reduced pairwise
(log2 of the window length levels) instead of stepping through 256 subwords, which keeps the GPU
step short.
"""

from __future__ import annotations

import torch

BLOCKED = -1e4  # an I right after an O: impossible in gold labels and at decoding


class RoleCRF(torch.nn.Module):
    """Transition, start and end scores for each of ``roles`` independent BIO chains."""

    def __init__(self, roles: int):
        super().__init__()
        self.between = torch.nn.Parameter(torch.zeros(roles, 3, 3))
        self.start = torch.nn.Parameter(torch.zeros(roles, 3))
        self.end = torch.nn.Parameter(torch.zeros(roles, 3))
        allowed = torch.zeros(3, 3)
        allowed[0, 2] = BLOCKED
        self.register_buffer("blocked", allowed, persistent=False)

    def transitions(self) -> torch.Tensor:
        return self.between + self.blocked

    def nll(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Negative log-likelihood per subword and role: on the scale of the token cross-entropy, so that
        the two can be added with comparable weights (summed per window it would be some 250 times larger).

        ``logits``: batch x width x roles x 3; ``labels``: batch x width x roles with -100 outside the
        window's subwords ([CLS], [SEP], padding), which form one contiguous run per row. A window cut
        from the middle of an article may start with an I, so ``start`` is learned, not constrained.
        """
        valid = labels[..., 0] != -100  # batch x width
        first = valid.float().argmax(dim=1)  # the window's subwords start here ([CLS] before them)
        width = int(valid.sum(dim=1).max())
        index = first[:, None] + torch.arange(width, device=labels.device)[None, :]
        index = index.clamp(max=labels.shape[1] - 1)
        mask = torch.gather(valid, 1, index)  # batch x width, True for the window's subwords
        emissions = torch.gather(logits.float(), 1, index[..., None, None].expand(-1, -1, *logits.shape[2:]))
        gold = torch.gather(labels, 1, index[..., None].expand(-1, -1, labels.shape[2])).clamp(min=0)
        # roles become batch rows: (batch * roles) x width x 3
        batch, roles = logits.shape[0], logits.shape[2]
        emissions = emissions.permute(0, 2, 1, 3).reshape(batch * roles, width, 3)
        gold = gold.permute(0, 2, 1).reshape(batch * roles, width)
        mask = mask.repeat_interleave(roles, dim=0)
        trans = self.transitions().repeat(batch, 1, 1)  # (batch * roles) x 3 x 3
        start, end = self.start.repeat(batch, 1), self.end.repeat(batch, 1)
        nll = self._log_partition(emissions, mask, trans, start, end) - self._gold_score(
            emissions, gold, mask, trans, start, end)
        return nll.sum() / mask.sum()

    @staticmethod
    def _gold_score(emissions, gold, mask, trans, start, end) -> torch.Tensor:  # type: ignore[no-untyped-def]
        rows = torch.arange(len(gold), device=gold.device)
        fm = mask.float()
        score = (torch.gather(emissions, 2, gold[..., None])[..., 0] * fm).sum(1) + start[rows, gold[:, 0]]
        steps = trans[rows[:, None], gold[:, :-1], gold[:, 1:]]  # rows x (width - 1)
        score = score + (steps * fm[:, 1:]).sum(1)
        last = gold[rows, mask.sum(1) - 1]
        return score + end[rows, last]

    @staticmethod
    def _log_partition(emissions, mask, trans, start, end) -> torch.Tensor:  # type: ignore[no-untyped-def]
        rows, width, _ = emissions.shape
        # step t (t >= 1): from label i to label j scores trans[i, j] + emission[t, j]; padding is the
        # identity of the log semiring so that it changes nothing.
        steps = trans[:, None] + emissions[:, 1:, None, :]
        identity = torch.full((3, 3), BLOCKED, device=emissions.device).fill_diagonal_(0.0)
        steps = torch.where(mask[:, 1:, None, None], steps, identity)
        size = 1
        while size < steps.shape[1]:
            size *= 2
        if size > steps.shape[1]:
            pad = identity.expand(rows, size - steps.shape[1], 3, 3)
            steps = torch.cat([steps, pad], dim=1)
        while steps.shape[1] > 1:
            left, right = steps[:, 0::2], steps[:, 1::2]
            steps = torch.logsumexp(left[..., :, :, None] + right[..., None, :, :], dim=-2)
        alpha = start + emissions[:, 0]
        if steps.shape[1]:
            alpha = torch.logsumexp(alpha[:, :, None] + steps[:, 0], dim=1)
        return torch.logsumexp(alpha + end, dim=1)

    def to_json(self, roles: tuple[str, ...]) -> dict[str, dict[str, list]]:
        """The scores as ``tagger.json`` stores them (read back by ``read_transitions``)."""
        return {
            role: {"between": self.between[r].tolist(), "start": self.start[r].tolist(), "end": self.end[r].tolist()}
            for r, role in enumerate(roles)
        }
