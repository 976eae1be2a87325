package io.ridgeline.engine.rules;

import java.util.List;

/** A rulebase that does not compile: every message names the file, the line and what is wrong. */
public class RuleCompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RuleCompilationException(List<String> problems) {
        super("the rulebase does not compile:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
