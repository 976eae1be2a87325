"""Measures the share of dense bf16 peak a whole transformer layer reaches, forward (prefill) and forward plus
backward (training): RMSNorm, QKV, RoPE-free causal attention through scaled_dot_product_attention (flash), output
projection, SwiGLU MLP, residuals; the layer shapes of Llama-3.1-8B and -70B. Model FLOPs counted as
2 x matmul params x tokens (x 3 with backward) plus causal attention 2 x s x d_attn per token per layer
(x 3 with backward). Prints one markdown row per case. Units: TFLOP/s = 1e12 FLOP/s."""
import sys, torch
import torch.nn.functional as F

class Layer(torch.nn.Module):
    def __init__(self, h, heads, kv, hd, inter):
        super().__init__()
        self.heads, self.kv, self.hd = heads, kv, hd
        self.n1 = torch.nn.RMSNorm(h)
        self.n2 = torch.nn.RMSNorm(h)
        self.qkv = torch.nn.Linear(h, (heads + 2 * kv) * hd, bias=False)
        self.o = torch.nn.Linear(heads * hd, h, bias=False)
        self.gu = torch.nn.Linear(h, 2 * inter, bias=False)
        self.d = torch.nn.Linear(inter, h, bias=False)
    def forward(self, x):
        b, s, h = x.shape
        q, k, v = self.qkv(self.n1(x)).split([self.heads * self.hd, self.kv * self.hd, self.kv * self.hd], -1)
        q = q.view(b, s, self.heads, self.hd).transpose(1, 2)
        k = k.view(b, s, self.kv, self.hd).transpose(1, 2)
        v = v.view(b, s, self.kv, self.hd).transpose(1, 2)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        x = x + self.o(a.transpose(1, 2).reshape(b, s, -1))
        g, u = self.gu(self.n2(x)).chunk(2, -1)
        return x + self.d(F.silu(g) * u)

def timed(fn, n=10):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(n):
        a = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
        a.record(); fn(); e.record(); torch.cuda.synchronize()
        ts.append(a.elapsed_time(e))
    ts.sort()
    return ts[len(ts) // 2] / 1e3

def run(name, h, heads, kv, hd, inter, b, s, layers, peak):
    torch.manual_seed(0)
    model = torch.nn.Sequential(*[Layer(h, heads, kv, hd, inter) for _ in range(layers)]).cuda().to(torch.bfloat16)
    params = sum(p.numel() for n, p in model.named_parameters() if p.dim() == 2)
    x = torch.randn(b, s, h, device="cuda", dtype=torch.bfloat16, requires_grad=True)
    tokens = b * s
    attn = 2 * s * heads * hd * layers  # causal attention FLOPs per token, forward
    fwd_flops = tokens * (2 * params + attn)
    with torch.no_grad():
        tf = timed(lambda: model(x))
    def step():
        y = model(x)
        y.float().pow(2).mean().backward()
    tb = timed(step)
    print(f"| {name} | {b}x{s} | {layers} | {tf*1e3:.2f} | {fwd_flops/tf/1e12:.0f} | {fwd_flops/tf/peak:.0%} "
          f"| {tb*1e3:.2f} | {3*fwd_flops/tb/1e12:.0f} | {3*fwd_flops/tb/peak:.0%} |", flush=True)
    del model, x
    torch.cuda.empty_cache()

if __name__ == "__main__":
    peak = float(sys.argv[1]) * 1e12
    print(torch.cuda.get_device_name(0), torch.__version__)
    print("| layer shape | tokens (b x s) | layers | fwd ms | fwd TFLOP/s | fwd of peak | fwd+bwd ms | fwd+bwd TFLOP/s | fwd+bwd of peak |")
    print("|---|---|---|---|---|---|---|---|---|")
    run("llama-3.1-8b", 4096, 32, 8, 128, 14336, 1, 4096, 4, peak)
    run("llama-3.1-8b", 4096, 32, 8, 128, 14336, 2, 8192, 4, peak)
    run("llama-3.1-70b", 8192, 64, 8, 128, 28672, 1, 4096, 2, peak)
    run("llama-3.1-70b", 8192, 64, 8, 128, 28672, 1, 8192, 2, peak)
    run("llama-3.1-70b / tp 8", 8192, 8, 1, 128, 3584, 1, 8192, 4, peak)
