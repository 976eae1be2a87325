package io.ridgeline.engine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;

/**
 * One compiled rulebase: the default .drl files shipped on the classpath under {@code io/ridgeline/rules}, or an
 * author's folder read at run time, plus the engine's own queries. Build it once per process (it is heavy) and open
 * one session per request (light). The default rulebase is compiled into an executable model when the rules jar is
 * built and only loaded at run time; an author's folder compiles from DRL. A rulebase that does not compile throws
 * {@link RuleCompilationException} naming file, line and message; duplicate rule names are errors, not silent
 * replacements.
 */
public final class RuleBase {

    /** Classpath root of the default rulebase (the rules module). */
    public static final String DEFAULT_ROOT = "io/ridgeline/rules";
    /**
     * Classpath resource that names the built-in rulebase's executable model (its classes sit beside the DRL in the
     * rules jar) and the digest of the sources it was compiled from.
     */
    public static final String PRECOMPILED_INDEX = "META-INF/ridgeline/rulebase-model.properties";
    private static final String ENGINE_QUERIES = "io/ridgeline/engine/rules/engine-queries.drl";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);

    private static volatile RuleBase defaultRuleBase;

    static {
        // A duplicate rule name must stop the build, not silently replace the earlier rule.
        if (System.getProperty("drools.kbuilder.severity.duplicateRule") == null) {
            System.setProperty("drools.kbuilder.severity.duplicateRule", "ERROR");
        }
    }

    private final KieBase kieBase;
    private final String origin;
    private final Map<String, RuleInfo> rulesByName;
    private final Map<String, String> sources;
    private final boolean precompiled;

    private RuleBase(KieBase kieBase, String origin, Map<String, RuleInfo> rulesByName, Map<String, String> sources,
                     boolean precompiled) {
        this.kieBase = kieBase;
        this.origin = origin;
        this.rulesByName = rulesByName;
        this.sources = sources;
        this.precompiled = precompiled;
    }

    /** Whether the rulebase was loaded from the executable model compiled at build time, not compiled from DRL. */
    public boolean precompiled() {
        return precompiled;
    }

    /** The DRL text of every file the rulebase was compiled from (file name -> text), the engine's queries left out. */
    public Map<String, String> sources() {
        return sources;
    }

    /** The DRL text of the built-in rule files (file name -> text). */
    public static Map<String, String> builtInSources() {
        return Collections.unmodifiableMap(classpathSources());
    }

    /**
     * The default rulebase, loaded on first use and cached for the life of the process: its executable model when the
     * jar has one compiled from these very files (the build writes it), else compiled from the DRL.
     */
    public static RuleBase defaults() {
        RuleBase rb = defaultRuleBase;
        if (rb == null) {
            synchronized (RuleBase.class) {
                rb = defaultRuleBase;
                if (rb == null) {
                    rb = defaultsFrom(classpathSources());
                    defaultRuleBase = rb;
                }
            }
        }
        return rb;
    }

    /** The built-in rulebase of these sources: the build's executable model if compiled from them, else the DRL. */
    static RuleBase defaultsFrom(Map<String, String> sources) {
        return precompiled(sources, "built-in rulebase").orElseGet(() -> build(sources, "built-in rulebase"));
    }

    /** A rulebase compiled from every .drl file under {@code folder} (recursively), without rebuilding Java. */
    public static RuleBase fromFolder(Path folder) {
        return build(folderSources(folder), folder.toString());
    }

    /**
     * The built-in rulebase extended with an author's folder: both compile together, so the author's rules can
     * match the built-in facts and declared types; a rule name used on both sides is an error, not an override.
     */
    public static RuleBase builtInWith(Path folder) {
        Map<String, String> sources = new LinkedHashMap<>(classpathSources());
        folderSources(folder).forEach((file, text) -> sources.put("(" + folder + ") " + file, text));
        return build(sources, "built-in rulebase + " + folder);
    }

    /**
     * This rulebase extended with an author's folder, compiled together as {@link #builtInWith} does: a reviewer's
     * proposed rules beside the rules a server runs.
     */
    public RuleBase withFolder(Path folder) {
        Map<String, String> all = new LinkedHashMap<>(sources);
        folderSources(folder).forEach((file, text) -> all.put("(" + folder + ") " + file, text));
        return build(all, origin + " + " + folder);
    }

    private static Map<String, String> folderSources(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules: '" + folder + "' is not a folder of .drl files");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                sources.put(folder.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rules: cannot read " + folder, e);
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("rules: no .drl file under '" + folder + "'");
        }
        return sources;
    }

    /** Compiles the given sources (file name relative to the rulebase root -> DRL text). */
    public static RuleBase build(Map<String, String> sources, String origin) {
        Map<String, String> all = withEngineQueries(sources);
        Project project = Project.of(all);
        KieServices ks = KieServices.Factory.get();
        KieBuilder builder = ks.newKieBuilder(project.files()).buildAll();
        project.failOnErrors(builder);
        KieBase kb = ks.newKieContainer(project.releaseId()).getKieBase();
        ks.getRepository().removeKieModule(project.releaseId());
        return of(kb, origin, sources, all, false);
    }

    /**
     * The built-in rulebase from its executable model, compiled when the jar was built (see
     * {@link RuleBasePrecompiler}); empty when there is none on the classpath or when it was compiled from other
     * sources than {@code sources} (the rules changed since): then the caller compiles the DRL.
     */
    static Optional<RuleBase> precompiled(Map<String, String> sources, String origin) {
        Properties index = new Properties();
        try (InputStream in = RuleBase.class.getClassLoader().getResourceAsStream(PRECOMPILED_INDEX)) {
            if (in == null) {
                return Optional.empty();
            }
            index.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> all = withEngineQueries(sources);
        if (!digest(all).equals(index.getProperty("digest")) || index.getProperty("models", "").isBlank()) {
            return Optional.empty();
        }
        try {
            List<Model> models = new ArrayList<>();
            for (String name : index.getProperty("models").split(",")) {
                models.add((Model) Class.forName(name.strip(), true, RuleBase.class.getClassLoader())
                        .getConstructor().newInstance());
            }
            return Optional.of(of(KieBaseBuilder.createKieBaseFromModel(models), origin, sources, all, true));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // a model class missing or unloadable: the DRL beside it still compiles
            return Optional.empty();
        }
    }

    private static RuleBase of(KieBase kb, String origin, Map<String, String> sources, Map<String, String> all,
                               boolean precompiled) {
        Map<String, RuleInfo> infos = new LinkedHashMap<>();
        Map<String, String> fileByPackageAndName = fileIndex(all);
        for (KiePackage pkg : kb.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                infos.put(r.getName(), new RuleInfo(meta(r, "id"), r.getName(), pkg.getName(), meta(r, "lesson"),
                        meta(r, "explanation"), fileByPackageAndName.getOrDefault(r.getName(), "?")));
            }
        }
        return new RuleBase(kb, origin, Collections.unmodifiableMap(infos),
                Collections.unmodifiableMap(new LinkedHashMap<>(sources)), precompiled);
    }

    /** The sources with the engine's queries added: what every rulebase compiles. */
    static Map<String, String> withEngineQueries(Map<String, String> sources) {
        Map<String, String> all = new LinkedHashMap<>(sources);
        all.put("(engine) engine-queries.drl", readClasspath(ENGINE_QUERIES));
        return all;
    }

    /** A digest of the sources (names and texts, in name order): what the executable model was compiled from. */
    static String digest(Map<String, String> all) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(all).entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sources laid out as a KIE project (each file under its package's folder), with the way back from a
     * compiler message's path to the file the author named.
     */
    record Project(KieFileSystem files, ReleaseId releaseId, Map<String, String> kiePathToFile) {

        /** A project of its own release: each run-time build gets a fresh one (removed from the repository after). */
        static Project of(Map<String, String> all) {
            return of(all, "rulebase-" + UUID.randomUUID());
        }

        static Project of(Map<String, String> all, String artifactId) {
            KieServices ks = KieServices.Factory.get();
            KieFileSystem kfs = ks.newKieFileSystem();
            ReleaseId releaseId = ks.newReleaseId("io.ridgeline", artifactId, "1.0.0");
            kfs.generateAndWritePomXML(releaseId);
            Map<String, String> kiePathToFile = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : all.entrySet()) {
                String key = e.getKey().replaceFirst("^\\([^)]*\\) ", "");
                String fileName = key.substring(key.lastIndexOf('/') + 1);
                String pkgPath = packageOf(e.getValue()).replace('.', '/');
                String kiePath = "src/main/resources/" + (pkgPath.isEmpty() ? "" : pkgPath + "/") + fileName;
                if (kiePathToFile.containsKey(kiePath)) {
                    kiePath = kiePath.replace(".drl", "-" + kiePathToFile.size() + ".drl");
                }
                kiePathToFile.put(kiePath, e.getKey());
                kiePathToFile.put(kiePath.substring("src/main/resources/".length()), e.getKey());
                kfs.write(kiePath, e.getValue());
            }
            return new Project(kfs, releaseId, kiePathToFile);
        }

        /** Throws {@link RuleCompilationException} naming file, line and message when the build has an error. */
        void failOnErrors(KieBuilder builder) {
            if (builder.getResults().hasMessages(Message.Level.ERROR)) {
                KieServices.Factory.get().getRepository().removeKieModule(releaseId);
                throw new RuleCompilationException(problems(builder));
            }
        }

        List<String> problems(KieBuilder builder) {
            List<String> problems = new ArrayList<>();
            for (Message m : builder.getResults().getMessages(Message.Level.ERROR, Message.Level.WARNING)) {
                String file = kiePathToFile.getOrDefault(m.getPath(), m.getPath() == null ? "?" : m.getPath());
                problems.add(m.getLevel() + " " + file + ":" + m.getLine() + ": " + m.getText().strip());
            }
            return problems;
        }
    }

    public KieSession newSession() {
        return kieBase.newKieSession();
    }

    public String origin() {
        return origin;
    }

    /** Every rule of the rulebase (engine queries excluded), sorted by id. */
    public List<RuleInfo> rules() {
        return rulesByName.values().stream()
                .filter(r -> !r.packageName().equals("io.ridgeline.engine.rules"))
                .sorted(Comparator.comparing(RuleInfo::id).thenComparing(RuleInfo::name))
                .toList();
    }

    public Optional<RuleInfo> rule(String name) {
        return Optional.ofNullable(rulesByName.get(name));
    }

    public Optional<RuleInfo> ruleById(String id) {
        return rulesByName.values().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static String meta(Rule r, String key) {
        Object v = r.getMetaData().get(key);
        if (v == null) {
            return "";
        }
        String s = v.toString().strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String packageOf(String drl) {
        Matcher m = PACKAGE.matcher(drl);
        return m.find() ? m.group(1) : "";
    }

    private static Map<String, String> fileIndex(Map<String, String> sources) {
        Pattern ruleName = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"", Pattern.MULTILINE);
        Map<String, String> index = new LinkedHashMap<>();
        sources.forEach((file, text) -> {
            Matcher m = ruleName.matcher(text);
            while (m.find()) {
                index.put(m.group(1), file);
            }
        });
        return index;
    }

    private static String readClasspath(String resource) {
        try (InputStream in = RuleBase.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every .drl under {@link #DEFAULT_ROOT} from the classpath, whether in a folder or a jar. */
    static Map<String, String> classpathSources() {
        return classpathSources(RuleBase.class.getClassLoader());
    }

    /** The .drl files under {@link #DEFAULT_ROOT} on a class loader's path, in folders or in jars. */
    static Map<String, String> classpathSources(ClassLoader loader) {
        Map<String, String> sources = new LinkedHashMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(DEFAULT_ROOT);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.openConnection() instanceof JarURLConnection jar) {
                    collect(jar, sources);
                } else {
                    collect(Path.of(root.toURI()), sources);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the built-in rulebase", e);
        }
        if (sources.isEmpty()) {
            throw new IllegalStateException("no rule loaded: no .drl under " + DEFAULT_ROOT + " on the classpath");
        }
        return sources;
    }

    /**
     * The .drl files under the root inside a jar, read through the jar's own index (the class loader has read it
     * already, so this costs a scan of the entry names) rather than a zip file system mounted over it, which reads
     * the whole index again: about 120 ms on the application jar at every start.
     */
    private static void collect(JarURLConnection root, Map<String, String> sources)
            throws IOException, URISyntaxException {
        String prefix = root.getEntryName().endsWith("/") ? root.getEntryName() : root.getEntryName() + "/";
        try (JarFile jar = new JarFile(Path.of(root.getJarFileURL().toURI()).toFile())) {
            List<JarEntry> drl = jar.stream().filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".drl"))
                    .sorted(Comparator.comparing(JarEntry::getName)).toList();
            for (JarEntry e : drl) {
                try (InputStream in = jar.getInputStream(e)) {
                    sources.put(e.getName().substring(prefix.length()),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void collect(Path root, Map<String, String> sources) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                sources.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
    }
}
