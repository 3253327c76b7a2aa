"""AASIST (Jung et al., 2021, arXiv:2110.01200) in torch, written from the paper, for the published weights.

Only the benchmark uses it (a baseline), so torch stays out of Veracity's run time. The module and
parameter names follow the authors' released checkpoints (``AASIST.pth``, ``AASIST-L.pth``, MIT) so
``load_state_dict(strict=True)`` succeeds; the two variants differ only in the sizes in ``CONFIGS``.

Architecture: a fixed (non-learned) mel-spaced sinc band-pass bank over the raw 64 600-sample waveform
(4.04 s at 16 kHz) -> |.|, 3x3 max-pool, BN, SELU -> six residual blocks (2x3 convolutions, (1,3) max-pool)
-> a spectral graph (max over time, plus a learned positional embedding) and a temporal graph (max over
frequency), each through a graph attention layer and a top-k graph pool -> two branches of heterogeneous
stacking graph attention (spectral and temporal nodes plus a master node) with graph pooling -> elementwise
max of the branches ("max graph operation") -> [max|.|, mean] of each node type and the master -> a linear
layer to two logits, (spoof, bona fide). Inference only: dropouts are identities in ``eval()``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

SAMPLES = 64_600
CONFIGS = {
    "AASIST": {"filts": [70, [1, 32], [32, 32], [32, 64], [64, 64]], "gat_dims": [64, 32],
               "pool_ratios": [0.5, 0.7, 0.5, 0.5], "temperatures": [2.0, 2.0, 100.0, 100.0]},
    "AASIST-L": {"filts": [70, [1, 32], [32, 32], [32, 24], [24, 24]], "gat_dims": [24, 32],
                 "pool_ratios": [0.4, 0.5, 0.7, 0.5], "temperatures": [2.0, 2.0, 100.0, 100.0]},
}


def sinc_bank(channels: int, taps: int = 129, rate: int = 16_000) -> torch.Tensor:
    """Hamming-windowed ideal band-pass filters whose edges are evenly spaced on the mel scale, 0 to Nyquist."""
    mel_top = 2595 * np.log10(1 + (rate / 2) / 700)
    edges = 700 * (10 ** (np.linspace(0, mel_top, channels + 1) / 2595) - 1)
    support = np.arange(-(taps - 1) / 2, (taps - 1) / 2 + 1)

    def low_pass(cut: float) -> np.ndarray:
        return 2 * cut / rate * np.sinc(2 * cut * support / rate)

    bands = zip(edges[:-1], edges[1:], strict=True)
    bank = np.stack([np.hamming(taps) * (low_pass(high) - low_pass(low)) for low, high in bands])
    return torch.tensor(bank, dtype=torch.float32).unsqueeze(1)


class ResidualBlock(nn.Module):
    """Two 2x3 convolutions with a skip; as released, the pre-activation BN of later blocks is computed and
    unused (the first convolution reads the block input), which the weights were trained with."""

    def __init__(self, channels_in: int, channels_out: int, first: bool = False) -> None:
        super().__init__()
        if not first:
            self.bn1 = nn.BatchNorm2d(channels_in)
        self.conv1 = nn.Conv2d(channels_in, channels_out, kernel_size=(2, 3), padding=(1, 1))
        self.bn2 = nn.BatchNorm2d(channels_out)
        self.conv2 = nn.Conv2d(channels_out, channels_out, kernel_size=(2, 3), padding=(0, 1))
        if channels_in != channels_out:
            self.conv_downsample = nn.Conv2d(channels_in, channels_out, kernel_size=(1, 3), padding=(0, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv2(F.selu(self.bn2(self.conv1(x))))
        skip = self.conv_downsample(x) if hasattr(self, "conv_downsample") else x
        return F.max_pool2d(out + skip, (1, 3))


def pairwise_products(x: torch.Tensor) -> torch.Tensor:
    """(batch, nodes, dim) -> (batch, nodes, nodes, dim): the product of every pair of node features."""
    return x.unsqueeze(2) * x.unsqueeze(1)


class GraphAttention(nn.Module):
    """Graph attention over a fully connected graph: attention from node-pair products, then an attended
    and a direct projection summed, BN, SELU."""

    def __init__(self, dim_in: int, dim_out: int, temperature: float) -> None:
        super().__init__()
        self.att_proj = nn.Linear(dim_in, dim_out)
        self.att_weight = nn.Parameter(torch.empty(dim_out, 1))
        self.proj_with_att = nn.Linear(dim_in, dim_out)
        self.proj_without_att = nn.Linear(dim_in, dim_out)
        self.bn = nn.BatchNorm1d(dim_out)
        self.temperature = temperature

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        scores = torch.tanh(self.att_proj(pairwise_products(x))) @ self.att_weight
        attention = torch.softmax(scores.squeeze(-1) / self.temperature, dim=-1)
        out = self.proj_with_att(attention @ x) + self.proj_without_att(x)
        return F.selu(self.bn(out.reshape(-1, out.shape[-1])).reshape(out.shape))


class HeterogeneousGraphAttention(nn.Module):
    """HS-GAL: two node types projected into one space, with a separate attention vector for type-1 pairs,
    type-2 pairs and cross pairs, and a master node that attends to every node."""

    def __init__(self, dim_in: int, dim_out: int, temperature: float) -> None:
        super().__init__()
        self.proj_type1 = nn.Linear(dim_in, dim_in)
        self.proj_type2 = nn.Linear(dim_in, dim_in)
        self.att_proj = nn.Linear(dim_in, dim_out)
        self.att_projM = nn.Linear(dim_in, dim_out)
        self.att_weight11 = nn.Parameter(torch.empty(dim_out, 1))
        self.att_weight22 = nn.Parameter(torch.empty(dim_out, 1))
        self.att_weight12 = nn.Parameter(torch.empty(dim_out, 1))
        self.att_weightM = nn.Parameter(torch.empty(dim_out, 1))
        self.proj_with_att = nn.Linear(dim_in, dim_out)
        self.proj_without_att = nn.Linear(dim_in, dim_out)
        self.proj_with_attM = nn.Linear(dim_in, dim_out)
        self.proj_without_attM = nn.Linear(dim_in, dim_out)
        self.bn = nn.BatchNorm1d(dim_out)
        self.temperature = temperature

    def forward(self, x1: torch.Tensor, x2: torch.Tensor,
                master: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        n1 = x1.shape[1]
        x = torch.cat([self.proj_type1(x1), self.proj_type2(x2)], dim=1)
        hidden = torch.tanh(self.att_proj(pairwise_products(x)))
        is_type1 = torch.arange(x.shape[1], device=x.device) < n1
        same1 = is_type1[:, None] & is_type1[None, :]
        same2 = ~is_type1[:, None] & ~is_type1[None, :]
        scores = torch.where(same1, (hidden @ self.att_weight11).squeeze(-1),
                             torch.where(same2, (hidden @ self.att_weight22).squeeze(-1),
                                         (hidden @ self.att_weight12).squeeze(-1)))
        attention = torch.softmax(scores / self.temperature, dim=-1)
        master_scores = torch.tanh(self.att_projM(x * master)) @ self.att_weightM
        master_attention = torch.softmax(master_scores / self.temperature, dim=-2)
        new_master = (self.proj_with_attM(master_attention.transpose(1, 2) @ x)
                      + self.proj_without_attM(master))
        out = self.proj_with_att(attention @ x) + self.proj_without_att(x)
        out = F.selu(self.bn(out.reshape(-1, out.shape[-1])).reshape(out.shape))
        return out[:, :n1], out[:, n1:], new_master


class GraphPool(nn.Module):
    """Keep the top ``ratio`` of nodes by a learned sigmoid score, each scaled by its score."""

    def __init__(self, ratio: float, dim: int) -> None:
        super().__init__()
        self.proj = nn.Linear(dim, 1)
        self.ratio = ratio

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        scores = torch.sigmoid(self.proj(h))
        keep = max(int(h.shape[1] * self.ratio), 1)
        index = torch.topk(scores, keep, dim=1).indices.expand(-1, -1, h.shape[2])
        return torch.gather(h * scores, 1, index)


class SincFrontEnd(nn.Module):
    """The fixed sinc filterbank as a buffer-free module (the released checkpoints store no filters)."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.filters: torch.Tensor
        self.register_buffer("filters", sinc_bank(channels), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv1d(x, self.filters)


class AASIST(nn.Module):
    """The full detector; ``forward`` takes (batch, 64600) waveforms and returns (batch, 2) logits."""

    def __init__(self, variant: str = "AASIST") -> None:
        super().__init__()
        config = CONFIGS[variant]
        filts, gat_dims = config["filts"], config["gat_dims"]
        ratios, temps = config["pool_ratios"], config["temperatures"]
        assert isinstance(filts, list) and isinstance(gat_dims, list)
        assert isinstance(ratios, list) and isinstance(temps, list)
        self.conv_time = SincFrontEnd(filts[0])
        self.first_bn = nn.BatchNorm2d(1)
        blocks = [filts[1], filts[2], filts[3], filts[4], filts[4], filts[4]]
        self.encoder = nn.Sequential(*[nn.Sequential(ResidualBlock(b[0], b[1], first=i == 0))
                                       for i, b in enumerate(blocks)])
        width = filts[-1][-1]
        self.pos_S = nn.Parameter(torch.zeros(1, 23, width))
        self.master1 = nn.Parameter(torch.zeros(1, 1, gat_dims[0]))
        self.master2 = nn.Parameter(torch.zeros(1, 1, gat_dims[0]))
        self.GAT_layer_S = GraphAttention(width, gat_dims[0], temps[0])
        self.GAT_layer_T = GraphAttention(width, gat_dims[0], temps[1])
        self.HtrgGAT_layer_ST11 = HeterogeneousGraphAttention(gat_dims[0], gat_dims[1], temps[2])
        self.HtrgGAT_layer_ST12 = HeterogeneousGraphAttention(gat_dims[1], gat_dims[1], temps[2])
        self.HtrgGAT_layer_ST21 = HeterogeneousGraphAttention(gat_dims[0], gat_dims[1], temps[2])
        self.HtrgGAT_layer_ST22 = HeterogeneousGraphAttention(gat_dims[1], gat_dims[1], temps[2])
        self.pool_S = GraphPool(ratios[0], gat_dims[0])
        self.pool_T = GraphPool(ratios[1], gat_dims[0])
        self.pool_hS1 = GraphPool(ratios[2], gat_dims[1])
        self.pool_hT1 = GraphPool(ratios[2], gat_dims[1])
        self.pool_hS2 = GraphPool(ratios[2], gat_dims[1])
        self.pool_hT2 = GraphPool(ratios[2], gat_dims[1])
        self.out_layer = nn.Linear(5 * gat_dims[1], 2)

    def branch(self, first: HeterogeneousGraphAttention, second: HeterogeneousGraphAttention,
               pools: tuple[GraphPool, GraphPool], temporal: torch.Tensor, spectral: torch.Tensor,
               master: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """One HS-GAL inference path: attention, pooling, then a second attention added as a residual."""
        temporal, spectral, master = first(temporal, spectral, master)
        spectral, temporal = pools[0](spectral), pools[1](temporal)
        t_aug, s_aug, m_aug = second(temporal, spectral, master)
        return temporal + t_aug, spectral + s_aug, master + m_aug

    def forward(self, waveform: torch.Tensor) -> torch.Tensor:
        x = self.conv_time(waveform.unsqueeze(1)).unsqueeze(1)
        x = F.selu(self.first_bn(F.max_pool2d(x.abs(), (3, 3))))
        e = self.encoder(x).abs()
        spectral = self.pool_S(self.GAT_layer_S(e.amax(dim=3).transpose(1, 2) + self.pos_S))
        temporal = self.pool_T(self.GAT_layer_T(e.amax(dim=2).transpose(1, 2)))
        t1, s1, m1 = self.branch(self.HtrgGAT_layer_ST11, self.HtrgGAT_layer_ST12, (self.pool_hS1, self.pool_hT1),
                                 temporal, spectral, self.master1)
        t2, s2, m2 = self.branch(self.HtrgGAT_layer_ST21, self.HtrgGAT_layer_ST22, (self.pool_hS2, self.pool_hT2),
                                 temporal, spectral, self.master2)
        t, s, m = torch.maximum(t1, t2), torch.maximum(s1, s2), torch.maximum(m1, m2)
        pooled = torch.cat([t.abs().amax(dim=1), t.mean(dim=1), s.abs().amax(dim=1), s.mean(dim=1),
                            m.squeeze(1).expand(t.shape[0], -1)], dim=1)
        return self.out_layer(pooled)


def load_aasist(weights: Path) -> AASIST:
    """Build the variant the file name says and load its weights strictly (every key, every shape)."""
    variant = "AASIST-L" if weights.stem.endswith("-L") else "AASIST"
    model = AASIST(variant)
    state = torch.load(weights, map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)
    return model.eval()


def fit_length(samples: np.ndarray) -> np.ndarray:
    """The authors' test-time input: the first 64 600 samples, tiled when the clip is shorter."""
    if len(samples) >= SAMPLES:
        return samples[:SAMPLES]
    return np.tile(samples, SAMPLES // max(len(samples), 1) + 1)[:SAMPLES]


@torch.inference_mode()
def spoof_scores(model: AASIST, clips: list[np.ndarray], batch: int = 8) -> np.ndarray:
    """Higher = more spoof-like: the spoof logit minus the bona-fide logit (label 1 is bona fide)."""
    scores = []
    for start in range(0, len(clips), batch):
        x = torch.tensor(np.stack([fit_length(c) for c in clips[start:start + batch]]), dtype=torch.float32)
        logits = model(x)
        scores.append((logits[:, 0] - logits[:, 1]).numpy())
    return np.concatenate(scores) if scores else np.zeros(0)
