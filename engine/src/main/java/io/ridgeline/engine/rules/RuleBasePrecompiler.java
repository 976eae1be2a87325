package io.ridgeline.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drools.compiler.compiler.io.memory.MemoryFile;
import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.kie.builder.impl.MemoryKieModule;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;

/**
 * Compiles the built-in rulebase (every .drl under {@link RuleBase#DEFAULT_ROOT} on the classpath, with the engine's
 * queries) into Drools' executable model at build time, so that a process loads it instead of compiling DRL at start:
 * writes the model's classes and {@link RuleBase#PRECOMPILED_INDEX} (the model classes and the digest of the
 * sources) under the given output folder. The rules module's build runs it; it needs drools-model-codegen on the
 * classpath, which the application does not ship. Rules that do not compile leave no model (the application then
 * compiles the DRL at start) and a warning naming file and line; the build goes on, and the rules module's tests
 * fail on it.
 */
public final class RuleBasePrecompiler {

    private static final String CODEGEN_PROJECT = "org.drools.model.codegen.ExecutableModelProject";
    /** Beside the index: every class file the last run wrote, which the next run removes before writing its own. */
    static final String CLASS_LISTING = "META-INF/ridgeline/rulebase-model.classes";

    private RuleBasePrecompiler() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: RuleBasePrecompiler OUTPUT_CLASSES_DIR");
            System.exit(2);
        }
        try {
            compile(Path.of(args[0]));
        } catch (RuleCompilationException e) {
            // not a build failure: the application then compiles the DRL at start (slower), and `advisor rules
            // check` and the rules module's tests name the problem as they always did
            System.err.println("rulebase: warning: the built-in rules do not compile into the executable model; "
                    + "the application will compile them at every start.");
            e.problems().forEach(p -> System.err.println("rulebase:   " + p));
        }
    }

    /**
     * Compiles the classpath's built-in rulebase into {@code out}; returns the number of classes written. What an
     * earlier run wrote there goes first, so a rulebase that no longer compiles leaves no model behind.
     */
    public static int compile(Path out) {
        removePrevious(out);
        Map<String, String> all = RuleBase.withEngineQueries(RuleBase.classpathSources());
        // a fixed release: the generated class names stay the same from build to build
        RuleBase.Project project = RuleBase.Project.of(all, "rulebase-builtin");
        KieServices ks = KieServices.Factory.get();
        Class<? extends KieBuilder.ProjectType> executableModel = executableModelProject();
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(project.files()).buildAll(executableModel);
        } catch (RuntimeException e) {
            // the executable model's parser throws on some constructs the DRL compiler accepts
            String message = String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).limit(2)
                    .reduce((a, b) -> a + " " + b.strip()).orElse(e.getClass().getName());
            throw new RuleCompilationException(List.of("the executable model's compiler stopped: " + message));
        }
        project.failOnErrors(builder);
        project.problems(builder).forEach(p -> System.err.println("rulebase: " + p));
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        ks.getRepository().removeKieModule(project.releaseId());
        if (!(module instanceof CanonicalKieModule canonical)) {
            throw new IllegalStateException("rulebase: the build gave no executable model (" + module.getClass() + ")");
        }
        MemoryFileSystem mfs = ((MemoryKieModule) canonical.getInternalKieModule()).getMemoryFileSystem();
        List<String> models = new ArrayList<>();
        String modelFile = CanonicalKieModule.getModelFileWithGAV(project.releaseId());
        for (String line : new String(mfs.getFileContents((MemoryFile) mfs.getFile(modelFile)),
                StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.contains(":")) {
                models.add(line.strip());
            }
        }
        List<String> written = new ArrayList<>();
        Path index = out.resolve(RuleBase.PRECOMPILED_INDEX);
        Path listing = out.resolve(CLASS_LISTING);
        try {
            for (String name : module.getFileNames()) {
                // the rulebase's own classes; the project-level class names the build's release and is not needed
                if (name.endsWith(".class") && name.startsWith("io/ridgeline/")) {
                    Path target = out.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.write(target, mfs.getFileContents((MemoryFile) mfs.getFile(name)));
                    written.add(name);
                }
            }
            Files.createDirectories(index.getParent());
            Files.write(listing, written, StandardCharsets.UTF_8);
            Files.writeString(index, "# the built-in rulebase's executable model, written by RuleBasePrecompiler\n"
                    + "digest=" + RuleBase.digest(all) + "\n"
                    + "models=" + String.join(",", models) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("rulebase: cannot write the executable model under " + out, e);
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("rulebase: the executable model lists no model class");
        }
        return written.size();
    }

    /** Removes the index and every class an earlier run listed as written: a rule since changed or removed. */
    private static void removePrevious(Path out) {
        Path listing = out.resolve(CLASS_LISTING);
        try {
            Files.deleteIfExists(out.resolve(RuleBase.PRECOMPILED_INDEX));
            if (Files.exists(listing)) {
                for (String old : Files.readAllLines(listing, StandardCharsets.UTF_8)) {
                    if (!old.isBlank() && old.startsWith("io/ridgeline/") && old.endsWith(".class")) {
                        Files.deleteIfExists(out.resolve(old));
                    }
                }
                Files.delete(listing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rulebase: cannot remove the earlier executable model under " + out, e);
        }
    }

    private static Class<? extends KieBuilder.ProjectType> executableModelProject() {
        try {
            return Class.forName(CODEGEN_PROJECT).asSubclass(KieBuilder.ProjectType.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("rulebase: compiling the executable model needs drools-model-codegen "
                    + "on the classpath", e);
        }
    }
}
