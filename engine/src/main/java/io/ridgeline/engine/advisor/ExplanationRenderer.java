package io.ridgeline.engine.advisor;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a rule's explanation template with numbers: {@code {tpot_ms}} takes the current bill's figure,
 * {@code {after.tpot_ms}} the figure after the mechanism the rule is about, and other names the scenario's values
 * ({@code {slo_tpot_ms}}, {@code {gpus_per_node}}, ...). A name with no value is left visible as {@code {name?}} so a
 * rule author sees the typo.
 */
public final class ExplanationRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_.]+)}");

    private ExplanationRenderer() {
    }

    public static String render(String template, Map<String, Object> now, Map<String, Object> after) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value;
            String key;
            if (name.startsWith("after.")) {
                key = name.substring("after.".length());
                value = after == null ? null : after.get(key);
            } else {
                key = name;
                value = now.get(key);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "{" + name + "?}"
                    : Values.render(key, value)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
