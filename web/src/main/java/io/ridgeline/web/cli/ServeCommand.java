package io.ridgeline.web.cli;

import io.javalin.Javalin;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.rules.RuleBase;
import io.ridgeline.web.Presets;
import io.ridgeline.web.RulebaseComparison;
import io.ridgeline.web.WebApp;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web app (form, results, charts, rule catalogue) and the JSON API on HOST:PORT. "
                + "Everything is served locally; stop with Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = WebApp.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + WebApp.DEFAULT_PORT,
            description = "Port to listen on, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An access token every request must carry (Authorization: Bearer TOKEN; the page gets it "
                    + "from the link printed at start). Use it with a --host other than this machine's. A token on "
                    + "the command line is visible to other users of the machine (ps); --token-file or the "
                    + "RIDGELINE_TOKEN environment variable keep it out of sight.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the access token from FILE (its first line).")
    java.nio.file.Path tokenFile;

    @Option(names = "--origin", paramLabel = "URL",
            description = "A public origin the server is reached through, such as the TLS proxy in front of it "
                    + "(https://ridgeline.example.com): pages served from it may send requests, and its host name "
                    + "is accepted as the Host; repeat for several. Without it only the server's own origin is.")
    java.util.List<String> origins = new java.util.ArrayList<>();

    @Option(names = "--compare-rules", paramLabel = "DIR",
            description = "A folder of .drl files to compare the server's rulebase with, instead of it: the page's "
                    + "'Compare rulebases' and POST /api/compare advise a scenario under both and show what changed.")
    Path compareRules;

    @Option(names = "--compare-add-rules", paramLabel = "DIR",
            description = "As --compare-rules, the compared side being the server's rulebase with DIR's .drl files "
                    + "added.")
    Path compareAddRules;

    @Option(names = "--dev", description = "For rule authors: follow the --rules or --add-rules folder as it changes; "
            + "a request after an edit is answered by the rules as they are now (a folder that no longer compiles "
            + "keeps the last rules that did, and the error goes to this console).")
    boolean dev;

    /** The environment variable that may carry the access token. */
    static final String TOKEN_ENV = "RIDGELINE_TOKEN";

    /** The token from --token, --token-file or RIDGELINE_TOKEN (at most one of them), or null. */
    String resolvedToken(java.util.Map<String, String> env) {
        String fromEnv = env.get(TOKEN_ENV);
        int given = (token != null ? 1 : 0) + (tokenFile != null ? 1 : 0)
                + (fromEnv != null && !fromEnv.isBlank() ? 1 : 0);
        if (given > 1) {
            throw new IllegalArgumentException("--token, --token-file and " + TOKEN_ENV + ": give one of them");
        }
        if (tokenFile != null) {
            try {
                String first = java.nio.file.Files.readAllLines(tokenFile).stream().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new IllegalArgumentException("--token-file: '" + tokenFile + "' is empty");
                }
                return first;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--token-file: cannot read '" + tokenFile + "'");
            }
        }
        return token != null ? token : fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : null;
    }

    @Mixin
    Sources sources;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port: " + port + " is out of range; allowed: 0 .. 65535");
        }
        // the server compiles its rulebase at start: a rule that does not compile stops it there
        String token = resolvedToken(System.getenv());
        if (token != null && !token.matches("[A-Za-z0-9._~-]{16,256}")) {
            throw new IllegalArgumentException("--token: use 16 to 256 letters, digits or . _ ~ - (characters a link "
                    + "carries as they are; for one: openssl rand -hex 24)");
        }
        origins.forEach(io.ridgeline.web.WebApp::checkOrigin);
        Javalin app = (dev ? WebApp.create(new io.ridgeline.web.AdvisorService(reloader(), null),
                Presets.fromClasspath(), host, token, origins) : serving()).start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            stopped.countDown();
        }, "ridgeline-web-stop"));
        if (!WebApp.isLoopback(host)) {
            spec.commandLine().getErr().println("ridgeline serve: warning: listening on " + host + ", not this "
                    + "machine's loopback address: " + (token == null ? "anyone who can reach " + hostForUrl(host)
                    + ":" + app.port() + " can use the server (set --token to require one)"
                    : "requests need the token") + "; the check against DNS rebinding (requests must name a "
                    + "loopback host) is off");
            spec.commandLine().getErr().flush();
        }
        spec.commandLine().getOut().println("Ridgeline web app on http://" + hostForUrl(host) + ":" + app.port()
                + "/" + (token == null ? "" : "?token=" + token) + " (API description: /api/openapi.json)");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** The app over the rules as given, compared with a second rulebase when one is asked for. */
    private Javalin serving() {
        Ridgeline ridgeline = new Ridgeline(sources.catalogs(), sources.ruleBase().get());
        return WebApp.create(ridgeline, Presets.fromClasspath(), host, token, origins, comparison(ridgeline));
    }

    /** The rules of --rules or --add-rules, followed as they change (--dev). */
    io.ridgeline.web.RulesReloader reloader() {
        if (sources.rules == null && sources.addRules == null) {
            throw new IllegalArgumentException("--dev follows an author's rule folder: give it with --rules DIR or "
                    + "--add-rules DIR");
        }
        if (compareRules != null || compareAddRules != null) {
            throw new IllegalArgumentException("--dev and --compare-rules or --compare-add-rules: give one of them "
                    + "(a comparison is made against the rules the server started with)");
        }
        sources.ruleBase();   // refuses --rules and --add-rules together
        Path folder = sources.rules != null ? sources.rules : sources.addRules;
        java.util.function.Function<Path, RuleBase> compile = sources.rules != null
                ? dir -> Sources.linted(RuleBase.fromFolder(dir))
                : dir -> Sources.linted(RuleBase.builtInWith(dir));
        return new io.ridgeline.web.RulesReloader(folder, compile, sources.catalogs(),
                new java.io.PrintWriter(spec.commandLine().getErr(), true));
    }

    /**
     * The second rulebase of --compare-rules or --compare-add-rules (at most one of them), compiled now so that a
     * rule that does not compile stops the start; null without either.
     */
    RulebaseComparison comparison(Ridgeline own) {
        if (compareRules != null && compareAddRules != null) {
            throw new IllegalArgumentException("--compare-rules replaces the server's rulebase on the compared side "
                    + "and --compare-add-rules extends it: give one of them");
        }
        if (compareRules == null && compareAddRules == null) {
            return null;
        }
        String left = sources.rules != null ? sources.rules.toString()
                : sources.addRules != null ? "built-in rules + " + sources.addRules : "built-in rules";
        RuleBase compared;
        String right;
        try {
            if (compareRules != null) {
                compared = Sources.rulesFrom(compareRules).get();
                right = compareRules.toString();
            } else {
                compared = Sources.linted(own.rules().withFolder(compareAddRules));
                right = left + " + " + compareAddRules;
            }
        } catch (IllegalArgumentException e) {
            // a folder that is missing or holds no .drl file, said with the option that named it
            throw new IllegalArgumentException((compareRules != null ? "--compare-rules" : "--compare-add-rules")
                    + ": " + e.getMessage().replaceFirst("^rules: ", ""), e);
        }
        return new RulebaseComparison(left, right, new Ridgeline(own.catalogs(), compared));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
