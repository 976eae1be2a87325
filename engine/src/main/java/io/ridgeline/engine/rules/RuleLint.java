package io.ridgeline.engine.rules;

import io.ridgeline.facts.InferenceEstimate;
import io.ridgeline.facts.InferenceWorkload;
import io.ridgeline.facts.Projection;
import io.ridgeline.facts.RlEstimate;
import io.ridgeline.facts.RlGauge;
import io.ridgeline.facts.RlProjection;
import io.ridgeline.facts.RlWorkload;
import io.ridgeline.facts.TrainingEstimate;
import io.ridgeline.facts.TrainingGauge;
import io.ridgeline.facts.TrainingProjection;
import io.ridgeline.facts.TrainingWorkload;
import io.ridgeline.facts.WorkloadKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what a rule author can get wrong beyond compiling: missing metadata, duplicate ids, and names the engine
 * does not know (a mechanism no remedy applies, a wall no rule or engine names), each of which leaves a rule that can
 * never take effect.
 */
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
        problems.addAll(unknownNames(rb.sources()));
        problems.addAll(unguardedDecisions(rb.sources()));
        problems.addAll(unknownPlaceholders(rb.sources(), Vocabulary.placeholders(rb)));
        return problems;
    }

    private static final Pattern EXPLANATION = Pattern.compile("@explanation\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_.]+)}");

    /**
     * Placeholders of the explanations ({@code {name}}, {@code {after.name}}) that no bill or scenario value
     * fills, each with its file and line and the nearest known name: the explanation would show {@code {name?}}.
     */
    public static List<String> unknownPlaceholders(Map<String, String> sources, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : sources.entrySet()) {
            String text = file.getValue();
            Matcher e = EXPLANATION.matcher(text);
            while (e.find()) {
                Matcher p = PLACEHOLDER.matcher(e.group(1));
                while (p.find()) {
                    String name = p.group(1);
                    String key = name.startsWith("after.") ? name.substring("after.".length()) : name;
                    if (!known.contains(key)) {
                        check(problems, file.getKey(), text, e.start(1) + p.start(1), key, known, "placeholder");
                    }
                }
            }
        }
        return problems;
    }

    /** A rule: its name, its attributes, its conditions and its action. */
    static final Pattern RULE = Pattern.compile(
            "\\brule\\s+\"([^\"]+)\"(.*?)\\bwhen\\b(.*?)\\bthen\\b(.*?)\\bend\\b", Pattern.DOTALL);

    /**
     * The facts only one domain's session holds, by domain: its bill, its projections and gauges, its workload. A
     * decision rule matches one of them, one of the domain's classifications or a named wall, to stay in its domain.
     */
    public static final Map<WorkloadKind, List<Class<?>>> DOMAIN_GUARDS = domainGuards();

    /** How the classification facts a domain's rules declare begin (IsWeightBandwidthBound): each is one domain's. */
    public static final String CLASSIFICATION_PREFIX = "Is";

    private static Map<WorkloadKind, List<Class<?>>> domainGuards() {
        Map<WorkloadKind, List<Class<?>>> out = new EnumMap<>(WorkloadKind.class);
        out.put(WorkloadKind.INFERENCE, List.of(InferenceEstimate.class, Projection.class, InferenceWorkload.class));
        out.put(WorkloadKind.TRAINING, List.of(TrainingEstimate.class, TrainingProjection.class, TrainingGauge.class,
                TrainingWorkload.class));
        out.put(WorkloadKind.RL, List.of(RlEstimate.class, RlProjection.class, RlGauge.class, RlWorkload.class));
        return Collections.unmodifiableMap(out);
    }

    /** A match on a fact only one domain's session holds. */
    private static final Pattern DOMAIN_FACT = Pattern.compile("\\b(?:" + String.join("|", DOMAIN_GUARDS.values()
            .stream().flatMap(List::stream).map(Class::getSimpleName).toList()) + "|" + CLASSIFICATION_PREFIX
            + "[A-Z]\\w*)\\s*\\(");
    /** A match on a named wall: walls belong to their domain. */
    private static final Pattern NAMED_WALL = Pattern.compile(
            "\\b(?:Binding|Bottleneck)\\(\\s*(?:\\$\\w+\\s*:\\s*)?name\\s*(?:==|in|not in)");

    /**
     * Decision rules (a veto or a recommendation) whose conditions match nothing that only one domain's session
     * holds: they fire in serving, pretraining and RL alike, and their conclusions land in the other domains' traces.
     */
    public static List<String> unguardedDecisions(Map<String, String> sources) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : sources.entrySet()) {
            String text = file.getValue();
            Matcher m = RULE.matcher(text);
            while (m.find()) {
                String when = m.group(3).replaceAll("//[^\\n]*", "");
                String then = m.group(4);
                boolean decides = then.contains("new Veto(") || then.contains("new Recommendation(");
                if (decides && !DOMAIN_FACT.matcher(when).find() && !NAMED_WALL.matcher(when).find()) {
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    problems.add(file.getKey() + ":" + line + ": rule \"" + m.group(1) + "\" decides without a "
                            + "domain guard and fires in every domain; match InferenceEstimate(), TrainingEstimate() "
                            + "or RlEstimate() (or one of their projections, gauges or named walls)");
                }
            }
        }
        return problems;
    }

    /** A mechanism named in a veto, a recommendation or a projection's match. */
    private static final List<Pattern> MECHANISM_USES = List.of(
            Pattern.compile("new Veto\\(\\s*\"([^\"]*)\""),
            Pattern.compile("new Recommendation\\(\\s*\"([^\"]*)\""),
            Pattern.compile("mechanism\\s*==\\s*\"([^\"]*)\""));
    /** A wall named in a binding or bottleneck match, or as the wall a recommendation is for. */
    private static final List<Pattern> WALL_USES = List.of(
            Pattern.compile("(?:Binding|Bottleneck)\\(\\s*name\\s*==\\s*\"([^\"]*)\""),
            Pattern.compile("new Recommendation\\(\\s*\"[^\"]*\"\\s*,\\s*\"([^\"]*)\""),
            Pattern.compile("bottleneck\\s*==\\s*\"([^\"]*)\""));
    private static final Pattern WALL_LIST = Pattern.compile("(?:Binding|Bottleneck)\\(\\s*name\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /** A regime named in a bottleneck match, or as the sixth argument of a bottleneck a rule inserts. */
    private static final List<Pattern> REGIME_USES = List.of(
            Pattern.compile("regime\\s*==\\s*\"([^\"]*)\""),
            Pattern.compile("new Bottleneck\\((?:[^,()]|\\([^()]*\\))*(?:,(?:[^,()]|\\([^()]*\\))*){4},\\s*\"([^\"]*)\"\\s*\\)"));

    /**
     * Names in the rule files that the engine does not know, each with its file and line: mechanisms against
     * {@link Vocabulary#mechanisms()}, walls against {@link Vocabulary#walls()} and the walls the files insert,
     * regimes against {@link Vocabulary#regimes()}.
     */
    public static List<String> unknownNames(Map<String, String> sources) {
        List<String> problems = new ArrayList<>();
        Set<String> mechanisms = Vocabulary.mechanisms();
        Set<String> walls = Vocabulary.walls(sources);
        for (Map.Entry<String, String> file : sources.entrySet()) {
            String text = file.getValue();
            for (Pattern p : MECHANISM_USES) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    check(problems, file.getKey(), text, m.start(1), m.group(1), mechanisms, "mechanism");
                }
            }
            for (Pattern p : WALL_USES) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    check(problems, file.getKey(), text, m.start(1), m.group(1), walls, "wall");
                }
            }
            for (Pattern p : REGIME_USES) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    check(problems, file.getKey(), text, m.start(1), m.group(1), Vocabulary.regimes(), "regime");
                }
            }
            Matcher list = WALL_LIST.matcher(text);
            while (list.find()) {
                Matcher q = QUOTED.matcher(list.group(1));
                while (q.find()) {
                    check(problems, file.getKey(), text, list.start(1) + q.start(1), q.group(1), walls, "wall");
                }
            }
        }
        return problems;
    }

    private static void check(List<String> problems, String file, String text, int at, String name,
                              Set<String> known, String what) {
        if (known.contains(name)) {
            return;
        }
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        String near = nearest(name, known);
        String consequence = what.equals("placeholder")
                ? "; the explanation would show {" + name + "?}. The names a bill and its scenario give: `advisor "
                + "rules vocabulary`" + (known.size() <= 40 ? ": " + String.join(", ", known) : "")
                : "; a rule that names it never takes effect. Known " + what + "s: " + String.join(", ", known);
        problems.add(file + ":" + line + ": unknown " + what + " '" + name + "'"
                + (near == null ? "" : " (did you mean '" + near + "'?)") + consequence);
    }

    /** The known name closest to {@code name} by edit distance, if within a third of its length. */
    private static String nearest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
            return best;
        }
        // a name cut short: the known one it begins
        return known.stream().filter(k -> k.startsWith(name + "_")).findFirst().orElse(null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
