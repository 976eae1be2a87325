package io.ridgeline.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scenarios the web form offers as presets: the built-in default scenario, then every scenario file found under
 * the classpath folder {@value #FOLDER} (the build copies {@code examples/} there). The folder is listed once, when
 * the presets are loaded, whether the classes run from a folder or from a jar.
 */
public final class Presets {

    /** The classpath folder the build copies the example scenarios into. */
    public static final String FOLDER = "presets";

    /** The classpath resource of the built-in default scenario. */
    public static final String DEFAULT_RESOURCE = "default-scenario.yaml";

    /** The name the built-in default scenario is offered under. */
    public static final String DEFAULT_NAME = "default";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One preset.
     *
     * @param name        the file's path under the presets folder without its extension ({@code inference/chat})
     * @param kind        the scenario's {@code kind} key (inference when absent)
     * @param description the scenario's {@code description} key, or empty
     * @param text        the file's text, as written
     */
    public record Preset(String name, String kind, String description, String text) {
    }

    private final Map<String, Preset> byName;

    private Presets(Map<String, Preset> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The default scenario and the classpath folder {@value #FOLDER}, in name order after the default. */
    public static Presets fromClasspath() {
        return fromClasspath(Presets.class.getClassLoader(), FOLDER);
    }

    /**
     * The default scenario (from this class's own class loader), then the scenario files under {@code folder} of
     * {@code loader}, whether that folder is a directory or a jar entry.
     */
    public static Presets fromClasspath(ClassLoader loader, String folder) {
        Map<String, Preset> presets = new LinkedHashMap<>();
        presets.put(DEFAULT_NAME, preset(DEFAULT_NAME, resourceText(Presets.class.getClassLoader(),
                DEFAULT_RESOURCE)));
        URL url = loader.getResource(folder);
        if (url != null) {
            Map<String, String> texts = listFolder(url);
            texts.forEach((name, text) -> presets.putIfAbsent(name, preset(name, text)));
        }
        return new Presets(presets);
    }

    /** Presets from name -> scenario text (for tests and for callers with their own scenarios). */
    public static Presets of(Map<String, String> texts) {
        Map<String, Preset> presets = new LinkedHashMap<>();
        texts.forEach((name, text) -> presets.put(name, preset(name, text)));
        return new Presets(presets);
    }

    public List<Preset> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Preset> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private static Preset preset(String name, String text) {
        String kind = "inference";
        String description = "";
        try {
            JsonNode root = YAML.readTree(text);
            if (root != null && root.isObject()) {
                kind = root.path("kind").asText("inference");
                description = root.path("description").asText("").strip();
            }
        } catch (JsonProcessingException e) {
            // a preset that does not parse is still offered; the API reports its error when it is run
            description = "";
        }
        return new Preset(name, kind, description, text);
    }

    private static String resourceText(ClassLoader cl, String resource) {
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** name -> text of every .yaml, .yml and .json file under the folder, sorted by name. */
    private static Map<String, String> listFolder(URL folder) {
        try {
            URI uri = folder.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean close = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    close = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return read(fs.provider().getPath(uri));
                } finally {
                    if (close) {
                        fs.close();
                    }
                }
            }
            return read(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad classpath URL " + folder, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> read(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)"))
                    // a rule folder's cases are not scenarios
                    .filter(p -> !p.getFileName().toString().endsWith(io.ridgeline.engine.rules.RuleCases.SUFFIX))
                    .forEach(files::add);
        }
        Map<String, String> texts = new java.util.TreeMap<>();
        for (Path p : files) {
            String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            String name = rel.replaceFirst("\\.(ya?ml|json)$", "");
            texts.put(name, Files.readString(p, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
