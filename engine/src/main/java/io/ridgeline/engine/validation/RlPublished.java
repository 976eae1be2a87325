package io.ridgeline.engine.validation;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Published RL steps split into their stages, shipped as {@code validation/rl-published.csv}, each row with the
 * repository, commit, file and line it comes from: the figures an RL design's own split is compared with.
 *
 * @param id            the row's id
 * @param source        repository, commit (12 digits), file and line
 * @param framework     the framework that ran it
 * @param algorithm     GRPO, DAPO, PPO
 * @param model         the policy
 * @param gpus          GPUs of the run
 * @param gpu           their catalog id
 * @param placement     colocated or disaggregated
 * @param mode          sync or async
 * @param stepS         the step, s
 * @param rolloutS      generation, s (absent where the row does not give it)
 * @param oldLogprobS   the old-log-prob forward, s
 * @param referenceS    the reference model's forward, s
 * @param updateS       the learner's update, s
 * @param note          what the row leaves out or how it was averaged
 */
public record RlPublished(String id, String source, String framework, String algorithm, String model, int gpus,
                          String gpu, String placement, String mode, double stepS, OptionalDouble rolloutS,
                          OptionalDouble oldLogprobS, OptionalDouble referenceS, OptionalDouble updateS,
                          String note) {

    private static final String RESOURCE = "/validation/rl-published.csv";

    /** The shipped rows, in file order. */
    public static List<RlPublished> shipped() {
        try (InputStream in = RlPublished.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<RlPublished> parse(String text) {
        List<RlPublished> out = new ArrayList<>();
        for (Map<String, String> r : rows(text)) {
            String commit = r.getOrDefault("source_commit", "");
            String source = r.get("source_repo") + "@" + commit.substring(0, Math.min(12, commit.length())) + ":"
                    + r.get("source_path") + " line " + r.get("source_lines");
            out.add(new RlPublished(r.get("id"), source, r.get("framework"), r.get("algorithm"), r.get("model"),
                    Integer.parseInt(r.get("gpus")), r.get("gpu"), r.get("placement").toLowerCase(Locale.ROOT),
                    r.get("mode").toLowerCase(Locale.ROOT), Double.parseDouble(r.get("step_s")),
                    number(r, "rollout_s"), number(r, "old_logprob_s"), number(r, "reference_s"),
                    number(r, "update_s"), r.getOrDefault("note", "")));
        }
        return List.copyOf(out);
    }

    private static List<Map<String, String>> rows(String text) {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return it.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OptionalDouble number(Map<String, String> r, String key) {
        String v = r.getOrDefault(key, "").trim();
        return v.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
    }

    /** A stage's share of the step, or empty. */
    public static OptionalDouble share(OptionalDouble stageS, double stepS) {
        return stageS.isPresent() && stepS > 0 ? OptionalDouble.of(stageS.getAsDouble() / stepS)
                : OptionalDouble.empty();
    }

    /**
     * The split in words: "rollout 45%, old log-probs 14%, update 34% of 790 s", the stages the row gives.
     */
    public String split() {
        List<String> parts = new ArrayList<>();
        add(parts, "rollout", rolloutS);
        add(parts, "old log-probs", oldLogprobS);
        add(parts, "reference", referenceS);
        add(parts, "update", updateS);
        return String.join(", ", parts) + String.format(Locale.ROOT, " of a %.0f s step", stepS);
    }

    private void add(List<String> parts, String name, OptionalDouble s) {
        share(s, stepS).ifPresent(x -> parts.add(String.format(Locale.ROOT, "%s %.0f%%", name, 100 * x)));
    }

    /** The rows run with this placement and mode (sync or async), the first of each model. */
    public static List<RlPublished> like(String placement, boolean async) {
        String mode = async ? "async" : "sync";
        java.util.Set<String> models = new java.util.HashSet<>();
        return shipped().stream().filter(r -> r.placement.equals(placement) && r.mode.equals(mode))
                .filter(r -> models.add(r.model)).toList();
    }
}
