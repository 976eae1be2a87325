package io.ridgeline.facts;

import java.util.List;
import java.util.Set;

/**
 * What the user accepts, beyond the SLOs: formats that keep quality, models and GPUs the advisor may switch to.
 *
 * @param acceptedFormats   weight/KV formats the user accepts for quality (bf16 is always accepted)
 * @param draftModel        catalog id of a draft model for speculative decoding, or null
 * @param draftArchitecture that draft model's architecture, resolved from the catalog (null when none)
 * @param smallerModels     catalog ids of smaller model tiers the user would accept, best first
 * @param alternativeGpus   catalog ids of GPU types the advisor may move to, if the budget allows
 * @param allowMultiNode    whether one replica may span nodes (pipeline parallelism across nodes)
 */
public record Preferences(Set<NumericFormat> acceptedFormats, String draftModel,
                          ModelArchitecture draftArchitecture, List<String> smallerModels,
                          List<String> alternativeGpus, boolean allowMultiNode) {

    public Preferences {
        acceptedFormats = Set.copyOf(acceptedFormats);
        smallerModels = smallerModels == null ? List.of() : List.copyOf(smallerModels);
        alternativeGpus = alternativeGpus == null ? List.of() : List.copyOf(alternativeGpus);
    }

    public static Preferences defaults() {
        return new Preferences(Set.of(NumericFormat.BF16, NumericFormat.FP16, NumericFormat.FP8, NumericFormat.INT8,
                NumericFormat.INT4), null, null, List.of(), List.of(), true);
    }

    public boolean accepts(NumericFormat f) {
        return f == NumericFormat.BF16 || f == NumericFormat.FP16 || f == NumericFormat.FP32
                || acceptedFormats.contains(f);
    }
}
