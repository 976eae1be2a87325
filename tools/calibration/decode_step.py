"""Measures the HBM share a whole decode step reaches: every weight matrix of N transformer layers multiplied by a
[B, hidden] activation, captured in one CUDA graph so launch overhead is excluded, as a serving engine does.
Prints one markdown table row per (shape, batch). Units: bytes = B, TB/s = 1e12 B/s."""
import sys, torch

def layer_shapes(hidden, heads, kv_heads, head_dim, inter):
    q = heads * head_dim
    kv = kv_heads * head_dim
    return [(hidden, q + 2 * kv), (q, hidden), (hidden, 2 * inter), (inter, hidden)]

def run(name, layers, hidden, heads, kv_heads, head_dim, inter, batches, spec_tbps):
    shapes = layer_shapes(hidden, heads, kv_heads, head_dim, inter)
    weights = [[torch.randn(k, n, device="cuda", dtype=torch.bfloat16) for (k, n) in shapes] for _ in range(layers)]
    wbytes = sum(w.numel() * 2 for lw in weights for w in lw)
    for b in batches:
        x_in = {k: torch.randn(b, k, device="cuda", dtype=torch.bfloat16) for k in {s[0] for s in shapes}}
        def step():
            for lw in weights:
                for w in lw:
                    torch.matmul(x_in[w.shape[0]], w)
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            for _ in range(3):
                step()
        torch.cuda.current_stream().wait_stream(s)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            step()
        for _ in range(5):
            g.replay()
        torch.cuda.synchronize()
        times = []
        for _ in range(20):
            a = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
            a.record(); g.replay(); e.record(); torch.cuda.synchronize()
            times.append(a.elapsed_time(e))
        times.sort()
        ms = times[len(times) // 2]
        flops = 2 * b * wbytes / 2
        tbps = wbytes / (ms / 1e3) / 1e12
        print(f"| {name} | {layers} | {wbytes/1e9:.2f} | {b} | {ms:.3f} | {tbps:.2f} | {tbps/spec_tbps:.0%} | {flops/(ms/1e3)/1e12:.0f} |", flush=True)
        del g
    del weights
    torch.cuda.empty_cache()

if __name__ == "__main__":
    spec = float(sys.argv[1])
    print(torch.cuda.get_device_name(0))
    print("| shape | layers | weight GB | B | ms per step | weight stream TB/s | of spec | TFLOP/s |")
    print("|---|---|---|---|---|---|---|---|")
    run("llama-3.1-8b layers", 32, 4096, 32, 8, 128, 14336, [1, 8, 32, 64, 128, 256, 512], spec)
    run("llama-3.1-70b layers", 20, 8192, 64, 8, 128, 28672, [1, 8, 32, 64, 128, 256, 512], spec)
