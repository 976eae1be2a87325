package io.ridgeline.web;

import io.javalin.http.Context;
import io.ridgeline.engine.scenario.InputError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Reads the scenario text a request carries, and the response format it asks for. */
final class ScenarioBody {

    /** Content types a scenario may be sent as (YAML is a superset of JSON: both are read the same way). */
    static final Set<String> ACCEPTED = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml", "text/x-yaml", "text/plain");

    static final String MARKDOWN = "text/markdown; charset=utf-8";

    private ScenarioBody() {
    }

    /** The body as UTF-8 text; a content type other than JSON, YAML or plain text is refused. */
    static String text(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.isBlank()) {
            String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!ACCEPTED.contains(base)) {
                throw new UnsupportedBody("Content-Type '" + base + "' is not accepted; send the scenario as "
                        + "application/json, application/yaml or text/plain");
            }
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
