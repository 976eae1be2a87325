package io.ridgeline.web.cli;

import io.ridgeline.engine.rules.RuleCompilationException;
import io.ridgeline.engine.scenario.InputError;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code advisor} command line: estimate, advise, audit, search, catalog, rules, serve, lifecycle, validate, calibrate, example. */
@Command(name = "advisor", mixinStandardHelpOptions = true, version = "Ridgeline 0.1.0",
        description = "Ridgeline, an ML systems design advisor: requirements -> arithmetic -> topology -> "
                + "bottleneck -> iterate.")
public final class AdvisorCli implements Runnable {

    /**
     * The subcommands, in the order the usage lists them. A run that names one of them builds only that one: picocli
     * reads every command's annotations when it builds a command, a few hundred milliseconds for all of them at a
     * cold start; help, a mistyped name or no name builds them all.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(EstimateCommand.class, AdviseCommand.class, AuditCommand.class,
            SearchCommand.class, CatalogCommand.class, RulesCommand.class, ServeCommand.class, LifecycleCommand.class,
            ValidateCommand.class, CalibrateCommand.class, ExampleCommand.class, SchemaCommand.class, DiffCommand.class,
            CommandLine.HelpCommand.class);

    /** Bad input: a scenario, a catalog or a rule file the user must fix. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        Sources.preloadFor(args);
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new AdvisorCli());
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class)
                .filter(c -> c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> c : SUBCOMMANDS) {
            if (named == null || c == named) {
                cli.addSubcommand(c);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable e = ex;
            if (e instanceof InputError ie) {
                err.println("error: " + ie.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof RuleCompilationException rc) {
                err.println("error: " + rc.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof IllegalArgumentException iae) {
                err.println("error: " + iae.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println("internal error: " + e);
            if (System.getenv("RIDGELINE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
