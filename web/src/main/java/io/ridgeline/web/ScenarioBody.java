package io.ridgeline.web;

import io.javalin.http.Context;
import io.ridgeline.engine.scenario.InputError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Reads the scenario text a request carries, and the response format it asks for. */
final class ScenarioBody {

    /**
     * Content types a scenario may be sent as (YAML is a superset of JSON: both are read the same way). Not
     * text/plain, a form or no type at all: a page of any site may send those to this server without asking first.
     */
    static final Set<String> ACCEPTED = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml", "text/x-yaml");

    static final String MARKDOWN = "text/markdown; charset=utf-8";

    private ScenarioBody() {
    }

    /** The body as UTF-8 text; a body that is not sent as JSON or YAML is refused. */
    static String text(Context ctx) {
        String type = ctx.contentType();
        if (type == null || type.isBlank()) {
            throw new UnsupportedBody("the request has no Content-Type; send the scenario as application/yaml or "
                    + "application/json (curl: -H 'Content-Type: application/yaml')");
        }
        String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!ACCEPTED.contains(base)) {
            throw new UnsupportedBody("Content-Type '" + base + "' is not accepted; send the scenario as "
                    + "application/yaml or application/json (a page of any site may send " + base
                    + " to this server unasked, so it is refused)");
        }
        return new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
    }

    /** Whether the query asks for Markdown ({@code ?format=markdown}); JSON otherwise. */
    static boolean markdown(Context ctx) {
        String f = ctx.queryParam("format");
        if (f == null || f.isBlank() || f.equals("json")) {
            return false;
        }
        if (f.equals("markdown") || f.equals("md")) {
            return true;
        }
        throw new InputError("format", "unknown format '" + f + "'; allowed: json, markdown");
    }

    /** A request body in a content type the API does not read (HTTP 415). */
    static final class UnsupportedBody extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedBody(String message) {
            super(message);
        }
    }
}
