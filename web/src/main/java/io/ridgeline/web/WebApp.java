package io.ridgeline.web;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.engine.json.Json;
import io.ridgeline.engine.scenario.InputError;

/**
 * The web app: the form and result pages (static HTML and JavaScript that call the JSON API), the JSON API, the
 * rule catalogue and the OpenAPI description. {@link #create} returns the app unstarted; start it with
 * {@code app.start(host, port)}.
 */
public final class WebApp {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7070;

    /** The largest request body read, bytes (a scenario is a few kilobytes). */
    public static final long MAX_BODY_BYTES = 1_000_000;

    /** Blocks scripts, styles and frames from anywhere but this server; no inline scripts run. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private WebApp() {
    }

    /** The app over the given engine, with the presets on the classpath, for a server on a loopback address. */
    public static Javalin create(Ridgeline ridgeline) {
        return create(ridgeline, Presets.fromClasspath());
    }

    /** The app for a server on a loopback address. */
    public static Javalin create(Ridgeline ridgeline, Presets presets) {
        return create(ridgeline, presets, DEFAULT_HOST);
    }

    /**
     * The app for a server that will listen on {@code host}: on a loopback address it answers only requests sent
     * to a loopback name ({@link RequestGuard}).
     */
    public static Javalin create(Ridgeline ridgeline, Presets presets, String host) {
        return create(ridgeline, presets, host, null, WorkGate.forThisMachine());
    }

    /**
     * The app for a server on {@code host} that requires {@code token} (when not null) of every request: as
     * {@code Authorization: Bearer TOKEN}, or from the page opened with {@code ?token=TOKEN} (a cookie then).
     */
    public static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token) {
        return create(ridgeline, presets, host, token, WorkGate.forThisMachine());
    }

    /** Refuses (IllegalArgumentException naming --origin) what is not an http or https origin. */
    public static void checkOrigin(String origin) {
        RequestGuard.publicOrigin(origin);
    }

    /** Threads the server keeps beyond the gate's, so that pages, catalogs and 503s answer while the gate is full. */
    static final int UNGATED_THREADS = 64;

    /**
     * The server's threads: every request the gate may hold (computing or waiting for a turn) plus
     * {@value #UNGATED_THREADS} for everything else, and never fewer than Jetty's usual 250, so that a full gate
     * cannot take the threads the ungated pages and the gate's own 503 answers need.
     */
    static org.eclipse.jetty.util.thread.QueuedThreadPool threadPoolFor(WorkGate gate) {
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(
                Math.max(250, gate.capacity() + UNGATED_THREADS), 8, 60_000);
        pool.setName("ridgeline-http");
        return pool;
    }

    /**
     * As above, reached also through the public {@code origins} of a proxy in front of it (a TLS proxy's
     * {@code https://ridgeline.example.com}): their Origin and Host headers are accepted beside the server's own.
     */
    public static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token,
                                 java.util.List<String> origins) {
        return create(ridgeline, presets, host, token, WorkGate.forThisMachine(), origins);
    }

    /** The app with the given bound on concurrent work ({@link WorkGate}). */
    static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token, WorkGate gate) {
        return create(ridgeline, presets, host, token, gate, java.util.List.of());
    }

    static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token, WorkGate gate,
                          java.util.List<String> origins) {
        return create(ridgeline, presets, host, token, gate, origins, null);
    }

    /**
     * As above, comparing its rulebase with a second one ({@code comparison}; null for none): POST /api/compare
     * advises a scenario under both and answers what changed.
     */
    public static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token,
                                 java.util.List<String> origins, RulebaseComparison comparison) {
        return create(ridgeline, presets, host, token, WorkGate.forThisMachine(), origins, comparison);
    }

    static Javalin create(Ridgeline ridgeline, Presets presets, String host, String token, WorkGate gate,
                          java.util.List<String> origins, RulebaseComparison comparison) {
        return create(new AdvisorService(ridgeline, comparison), presets, host, token, gate, origins);
    }

    /**
     * The app over a service of its own making: {@code serve --dev} passes one whose rulebase follows an author's
     * folder as it changes.
     */
    public static Javalin create(AdvisorService service, Presets presets, String host, String token,
                                 java.util.List<String> origins) {
        return create(service, presets, host, token, WorkGate.forThisMachine(), origins);
    }

    static Javalin create(AdvisorService service, Presets presets, String host, String token, WorkGate gate,
                          java.util.List<String> origins) {
        Api api = new Api(service, presets);
        RequestGuard guard = new RequestGuard(isLoopback(host), token, origins);
        return Javalin.create(config -> {
            config.jetty.threadPool = threadPoolFor(gate);
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT),
                    false));
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.routes.before(WebApp::securityHeaders);
            config.routes.before(guard::check);
            config.routes.post("/api/advise", gate.guard(api::advise));
            config.routes.post("/api/audit", gate.guard(api::audit));
            config.routes.post("/api/estimate", gate.guard(api::estimate));
            config.routes.post("/api/search", gate.guard(api::search));
            config.routes.post("/api/compare", gate.guard(api::compare));
            config.routes.get("/api/compare", api::comparisonInfo);
            config.routes.post("/api/scenario/document", gate.guard(api::document));
            config.routes.get("/api/scenario/schema", api::scenarioSchema);
            config.routes.get("/api/catalog/gpus", api::gpus);
            config.routes.get("/api/catalog/models", api::models);
            config.routes.get("/api/rules", api::rules);
            config.routes.get("/api/presets", api::presets);
            config.routes.get("/api/presets/<name>", api::preset);
            config.routes.get("/api/openapi.json", api::openApi);
            config.routes.get("/rules", ctx -> ctx.redirect("/rules.html"));
            config.routes.exception(InputError.class, (e, ctx) -> ctx.status(400).json(Api.error(e)));
            config.routes.exception(IllegalArgumentException.class,
                    (e, ctx) -> ctx.status(400).json(Api.error(e.getMessage(), null)));
            // a body read as JSON that is not JSON, or not of the expected shape, is bad input (the scenario endpoints
            // read YAML themselves and report its errors as InputError; writing JSON that fails stays a 500)
            config.routes.exception(StreamReadException.class,
                    (e, ctx) -> ctx.status(400).json(Api.error("not valid JSON: " + e.getOriginalMessage(), null)));
            config.routes.exception(MismatchedInputException.class,
                    (e, ctx) -> ctx.status(400).json(Api.error("unexpected JSON: " + e.getOriginalMessage(), null)));
            config.routes.exception(ScenarioBody.UnsupportedBody.class,
                    (e, ctx) -> ctx.status(415).json(Api.error(e.getMessage(), null)));
            config.routes.exception(RequestGuard.Unauthorized.class,
                    (e, ctx) -> ctx.status(401).header("WWW-Authenticate", "Bearer").json(Api.error(e.getMessage(),
                            null)));
            config.routes.exception(RequestGuard.Redirect.class,
                    (e, ctx) -> ctx.status(303).header("Location", e.location()));
            config.routes.exception(RequestGuard.Refused.class,
                    (e, ctx) -> ctx.status(403).json(Api.error(e.getMessage(), null)));
            config.routes.exception(Api.NotFound.class, (e, ctx) -> ctx.status(404).json(Api.error(e.getMessage(),
                    null)));
            config.routes.exception(Exception.class, WebApp::internalError);
            config.routes.error(404, WebApp::apiNotFound);
            config.routes.error(405, WebApp::apiMethodNotAllowed);
            config.routes.error(413, WebApp::apiTooLarge);
        });
    }

    /** Whether an address to listen on is a loopback one (127.0.0.1, localhost, ::1): this machine only. */
    public static boolean isLoopback(String host) {
        return RequestGuard.isLoopback(host);
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static void internalError(Exception e, Context ctx) {
        System.err.println("ridgeline web: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
        if (System.getenv("RIDGELINE_DEBUG") != null) {
            e.printStackTrace();
        }
        ctx.status(500).json(Api.error("internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), null));
    }

    private static void apiNotFound(Context ctx) {
        String type = ctx.res().getContentType();
        if (type != null && type.startsWith("application/json")) {
            return; // an endpoint's own 404 (an unknown preset, say) already says what is missing
        }
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Api.error("no endpoint " + ctx.method() + " " + ctx.path() + "; see /api/openapi.json", null));
        } else {
            ctx.html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found - Ridgeline"
                    + "</title></head><body><h1>Not found</h1><p>There is no page " + escapeHtml(ctx.path())
                    + " here.</p><p><a href=\"/\">The design form</a> &middot; <a href=\"/rules.html\">the rule "
                    + "catalogue</a> &middot; <a href=\"/api/openapi.json\">the API</a></p></body></html>");
        }
    }

    /** Text as HTML character data: the five characters markup gives a meaning written as entities. */
    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static void apiTooLarge(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Api.error("the body is larger than " + MAX_BODY_BYTES
                    + " bytes; a scenario is a few kilobytes", null));
        }
    }

    private static void apiMethodNotAllowed(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            ctx.json(Api.error(ctx.method() + " is not allowed on " + ctx.path() + "; see /api/openapi.json", null));
        }
    }
}
