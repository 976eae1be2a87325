package io.ridgeline.facts;

import java.util.Locale;

/** What the cluster is for. */
public enum WorkloadKind {
    INFERENCE, TRAINING, RL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkloadKind parse(String text) {
        for (WorkloadKind k : values()) {
            if (k.id().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + text + "'; allowed: inference, training, rl");
    }
}
