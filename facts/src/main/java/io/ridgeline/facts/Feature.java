package io.ridgeline.facts;

import java.util.Locale;

/** Serving and training features that are on or off in a design. */
public enum Feature {
    SPECULATIVE_DECODING,
    PREFIX_CACHING,
    CACHE_AWARE_ROUTING,
    CHUNKED_PREFILL,
    DISAGGREGATION,
    AUTOSCALING,
    ASYNC_ROLLOUT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }

    public static Feature parse(String text) {
        for (Feature f : values()) {
            if (f.id().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (Feature f : values()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(f.id());
        }
        throw new IllegalArgumentException("unknown feature '" + text + "'; allowed: " + allowed);
    }
}
