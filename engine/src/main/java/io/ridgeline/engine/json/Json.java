package io.ridgeline.engine.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.ridgeline.engine.advisor.Applied;
import io.ridgeline.engine.advisor.BottleneckView;
import io.ridgeline.facts.Breach;
import io.ridgeline.engine.estimate.InferenceEstimator;
import io.ridgeline.facts.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one JSON configuration of the project: snake_case keys (tpotMs -> tpot_ms), enums by their lower-case ids,
 * and no NaN or Infinity (JSON cannot carry them). A latency at or past {@link InferenceEstimator#UNBOUNDED_MS}
 * (the sentinel of a queue that grows without bound) is written as null: a value under a key ending in
 * {@code _ms}, a figure's value whose key ends in {@code _ms}, and an applied step's before and after on such a
 * figure. Text and the page say "unbounded".
 */
public final class Json {

    private static final ObjectMapper INTERNAL = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .propertyNamingStrategy(new WordPerCapital())
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper MAPPER = INTERNAL.copy().registerModule(unboundedAsNull());

    /** Whether a latency, ms, stands for an unbounded one. */
    static boolean unbounded(String key, double value) {
        return key != null && key.endsWith("_ms") && value >= InferenceEstimator.UNBOUNDED_MS;
    }

    private static com.fasterxml.jackson.databind.Module unboundedAsNull() {
        com.fasterxml.jackson.databind.module.SimpleModule m = new com.fasterxml.jackson.databind.module.SimpleModule(
                "unbounded-latency-as-null");
        com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> latency =
                new com.fasterxml.jackson.databind.ser.std.StdSerializer<>(Double.class) {
                    @Override
                    public void serialize(Double v, com.fasterxml.jackson.core.JsonGenerator gen,
                                          com.fasterxml.jackson.databind.SerializerProvider provider)
                            throws java.io.IOException {
                        if (unbounded(gen.getOutputContext().getCurrentName(), v)) {
                            gen.writeNull();
                        } else {
                            gen.writeNumber(v);
                        }
                    }
                };
        m.addSerializer(Double.class, latency);
        m.addSerializer(Double.TYPE, latency);
        m.setSerializerModifier(new com.fasterxml.jackson.databind.ser.BeanSerializerModifier() {
            @Override
            public List<com.fasterxml.jackson.databind.ser.BeanPropertyWriter> changeProperties(
                    com.fasterxml.jackson.databind.SerializationConfig config,
                    com.fasterxml.jackson.databind.BeanDescription description,
                    List<com.fasterxml.jackson.databind.ser.BeanPropertyWriter> properties) {
                Class<?> type = description.getBeanClass();
                if (type != Figure.class && type != Applied.class && type != Breach.class
                        && type != BottleneckView.class) {
                    return properties;
                }
                List<com.fasterxml.jackson.databind.ser.BeanPropertyWriter> out = new ArrayList<>();
                for (com.fasterxml.jackson.databind.ser.BeanPropertyWriter w : properties) {
                    boolean value = type == Applied.class ? w.getName().equals("before") || w.getName().equals("after")
                            : w.getName().equals("value") || w.getName().equals("limit");
                    out.add(value ? new NullWhenUnbounded(w) : w);
                }
                return out;
            }
        });
        return m;
    }

    /** A figure's value, or an applied step's before and after, written null when the latency is unbounded. */
    private static final class NullWhenUnbounded extends com.fasterxml.jackson.databind.ser.BeanPropertyWriter {
        private static final long serialVersionUID = 1L;

        NullWhenUnbounded(com.fasterxml.jackson.databind.ser.BeanPropertyWriter base) {
            super(base);
        }

        @Override
        public void serializeAsField(Object bean, com.fasterxml.jackson.core.JsonGenerator gen,
                                     com.fasterxml.jackson.databind.SerializerProvider provider) throws Exception {
            // the key a latency is known by: a figure's key or an applied step's figure; a breach or a wall in ms
            String key = bean instanceof Figure f ? f.key() : bean instanceof Applied a ? a.figure()
                    : bean instanceof Breach b ? (b.unit().equals("ms") ? "_ms" : "")
                    : ((BottleneckView) bean).unit().equals("ms") ? "_ms" : "";
            Object v = get(bean);
            if (v instanceof Double d && unbounded(key, d)) {
                gen.writeFieldName(getName());
                gen.writeNull();
            } else {
                super.serializeAsField(bean, gen, provider);
            }
        }
    }

    private Json() {
    }

    /**
     * snake_case that starts a word at every capital, so that unit letters stay words of their own:
     * tokensPerSPerReplica -> tokens_per_s_per_replica (Jackson's SNAKE_CASE would write tokens_per_sper_replica).
     */
    static final class WordPerCapital extends PropertyNamingStrategies.NamingBase {
        private static final long serialVersionUID = 1L;

        @Override
        public String translate(String name) {
            return snake(name);
        }
    }

    /** camelCase -> snake_case, one word per capital. */
    public static String snake(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A record or bean as an ordered map of snake_case keys, as it is written out (an unbounded latency null). */
    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, new TypeReference<Map<String, Object>>() { });
    }

    /**
     * A record or bean as an ordered map of snake_case keys with its numbers as they are, an unbounded latency
     * included: for the engine's own reading (a remedy's before and after, an explanation's numbers), not for output.
     */
    public static Map<String, Object> values(Object value) {
        return INTERNAL.convertValue(value, new TypeReference<Map<String, Object>>() { });
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
