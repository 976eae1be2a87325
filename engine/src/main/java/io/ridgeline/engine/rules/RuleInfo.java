package io.ridgeline.engine.rules;

/**
 * A rule's catalogue entry, read from its metadata: {@code @id("...")}, {@code @lesson("...")},
 * {@code @explanation("...")}; the name is the rule's sentence name.
 *
 * @param file        the .drl file the rule lives in, relative to the rulebase root
 * @param explanation a template: {@code {key}} is replaced by the current bill's figure, {@code {after.key}} by the
 *                    figure after the mechanism the rule is about
 */
public record RuleInfo(String id, String name, String packageName, String lesson, String explanation, String file) {
}
