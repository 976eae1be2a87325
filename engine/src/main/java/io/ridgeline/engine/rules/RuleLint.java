package io.ridgeline.engine.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks what a rule author can get wrong beyond compiling: missing metadata and duplicate ids. */
public final class RuleLint {

    private RuleLint() {
    }

    public static List<String> problems(RuleBase rb) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        if (rb.rules().isEmpty()) {
            problems.add(rb.origin() + ": no rule loaded");
        }
        for (RuleInfo r : rb.rules()) {
            String where = r.file() + ": rule \"" + r.name() + "\"";
            if (r.id().isBlank()) {
                problems.add(where + " has no @id(\"...\")");
            } else if (seen.containsKey(r.id())) {
                problems.add(where + " reuses id " + r.id() + " of rule \"" + seen.get(r.id()) + "\"");
            } else {
                seen.put(r.id(), r.name());
            }
            if (r.lesson().isBlank()) {
                problems.add(where + " has no @lesson(\"...\")");
            }
            if (r.explanation().isBlank()) {
                problems.add(where + " has no @explanation(\"...\")");
            }
        }
        return problems;
    }
}
