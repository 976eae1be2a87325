package io.ridgeline.facts;

/**
 * Multi-head latent attention dimensions (DeepSeek-V3 config names). The cache holds
 * {@code kvLoraRank + qkRopeHeadDim} elements per token per layer.
 */
public record MlaSpec(int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
}
