package io.ridgeline.web;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Keeps other web pages from driving the server through the user's browser.
 *
 * <ul>
 *   <li><b>Cross-site requests.</b> A POST that a browser marks as coming from another site
 *       ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}), or whose {@code Origin} is not the
 *       server's own (scheme, host and port of the {@code Host} it was sent to; {@code null} included), is refused
 *       with 403. Clients that are not browsers send neither header and are not affected. The scenario endpoints
 *       also read only JSON and YAML bodies ({@link ScenarioBody}): the content types a page may send cross-site
 *       without asking first (text/plain, forms, none) are refused with 415.</li>
 *   <li><b>DNS rebinding.</b> When the server listens on a loopback address, a request whose {@code Host} is not a
 *       loopback name ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}, with any port) is refused with 403: a
 *       page of another site whose name was re-pointed at 127.0.0.1 sends its own name. On any other address the
 *       names the server is reached by are not known, and the check is off.</li>
 * </ul>
 */
final class RequestGuard {

    /** Sec-Fetch-Site values of a request the user's own page or the user made. */
    private static final Set<String> SAME_SITE_FETCH = Set.of("same-origin", "none");

    private final boolean loopbackOnly;

    /** @param loopbackOnly whether the server listens on a loopback address, so that only loopback names reach it */
    RequestGuard(boolean loopbackOnly) {
        this.loopbackOnly = loopbackOnly;
    }

    /** Whether an address to listen on is a loopback one (the default 127.0.0.1, localhost, ::1). */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
    }

    /** Refuses the request (throws {@link Refused}) when it fails a check; returns when it may proceed. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (loopbackOnly && (host == null || !isLoopback(hostName(host)))) {
            throw new Refused("this server answers requests sent to this machine's loopback names only (localhost, "
                    + "127.0.0.1, [::1]); the request was sent to Host '" + (host == null ? "" : host) + "'");
        }
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null && !SAME_SITE_FETCH.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
            throw new Refused("a page of another site may not send requests to this server (Sec-Fetch-Site: "
                    + fetchSite + ")");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, host)) {
            throw new Refused("a page of another origin may not send requests to this server (Origin: " + origin
                    + ")");
        }
    }

    /** Whether an Origin header names this server: http, and the host and port the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException notAUri) {
            return false; // "null", and anything else that is not an origin
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return false;
        }
        String authority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : ":80");
        String requested = host.trim() + (host.trim().matches(".*:\\d+$") ? "" : ":80");
        return authority.equalsIgnoreCase(requested);
    }

    /** The name part of a Host header: without its port, and without the brackets of an IPv6 literal. */
    static String hostName(String host) {
        String h = host.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    /** A request the guard refuses (HTTP 403). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
