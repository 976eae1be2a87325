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
 *   <li><b>A proxy in front.</b> Each public origin given with {@code serve --origin} (a TLS proxy's
 *       {@code https://ridgeline.example.com}) is accepted as an {@code Origin}, and its host name as a
 *       {@code Host}, beside the server's own.</li>
 * </ul>
 */
final class RequestGuard {

    /** Sec-Fetch-Site values of a request the user's own page or the user made. */
    private static final Set<String> SAME_SITE_FETCH = Set.of("same-origin", "none");

    /**
     * The cookie the page carries the access token in, once it was opened with {@code ?token=}; its name ends in the
     * server's port ({@link #tokenCookie}), since cookies are shared by every port of a host.
     */
    static final String TOKEN_COOKIE = "ridgeline_token";

    /** The token cookie's name for the server on {@code port}. */
    static String tokenCookie(int port) {
        return TOKEN_COOKIE + "_" + port;
    }

    private final boolean loopbackOnly;
    /** The access token every request must carry, or null when none is required. */
    private final byte[] token;
    /** The public origins accepted beside the server's own, as {@code scheme://host:port}, lower case. */
    private final Set<String> origins;
    /** Their host names, lower case. */
    private final Set<String> originHosts;

    /** @param loopbackOnly whether the server listens on a loopback address, so that only loopback names reach it */
    RequestGuard(boolean loopbackOnly) {
        this(loopbackOnly, null);
    }

    /**
     * @param token when not null, every request must carry it: {@code Authorization: Bearer TOKEN} (scripts), or the
     *              cookie the server sets when a page is opened with {@code ?token=TOKEN} (the browser)
     */
    RequestGuard(boolean loopbackOnly, String token) {
        this(loopbackOnly, token, java.util.List.of());
    }

    /**
     * @param origins public origins the server is reached through (a proxy in front of it), each checked by
     *                {@link #publicOrigin}
     */
    RequestGuard(boolean loopbackOnly, String token, java.util.List<String> origins) {
        this.loopbackOnly = loopbackOnly;
        this.token = token == null ? null : token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.origins = origins.stream().map(RequestGuard::publicOrigin).collect(java.util.stream.Collectors.toSet());
        this.originHosts = this.origins.stream().map(o -> URI.create(o).getHost())
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * A public origin as {@code scheme://host:port} in lower case, the port the scheme's default when none is given;
     * refused (IllegalArgumentException naming {@code --origin}) unless it is http or https, a host and at most a
     * port: no path, query or user.
     */
    static String publicOrigin(String given) {
        URI uri;
        try {
            uri = URI.create(given.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--origin: '" + given + "' is not an origin; give one like "
                    + "https://ridgeline.example.com or http://host:8080");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("--origin: '" + given + "' is not an origin; give a scheme (http or "
                    + "https), a host and at most a port, like https://ridgeline.example.com or http://host:8080");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Whether an Origin header names one of the public origins. */
    private boolean publicOriginOf(String origin) {
        if (origins.isEmpty()) {
            return false;
        }
        try {
            return origins.contains(publicOrigin(origin));
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
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
        if (loopbackOnly && (host == null || !(isLoopback(hostName(host))
                || originHosts.contains(hostName(host).toLowerCase(Locale.ROOT))))) {
            throw new Refused("this server answers requests sent to this machine's loopback names only (localhost, "
                    + "127.0.0.1, [::1]" + (originHosts.isEmpty() ? "" : ", and " + String.join(", ", new java.util.TreeSet<>(
                    originHosts)) + " from --origin") + "); the request was sent to Host '" + (host == null ? "" : host)
                    + "'");
        }
        if (token != null) {
            checkToken(ctx);
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
        if (origin != null && !sameOrigin(origin, host) && !publicOriginOf(origin)) {
            throw new Refused("a page of another origin may not send requests to this server (Origin: " + origin
                    + ")");
        }
    }

    /**
     * The access token: from the Authorization header, the cookie, or (a page opened with the link the server
     * printed) the query, which then sets the cookie and reloads the page without the token in its address.
     */
    private void checkToken(Context ctx) {
        String query = ctx.queryParam("token");
        // the link first: a cookie left by an earlier server (another token) must not shadow it
        if (query != null && matches(query) && ctx.method().name().equals("GET")) {
            ctx.cookie(new io.javalin.http.Cookie(tokenCookie(ctx.port()), query, "/", -1, false, true, null,
                    io.javalin.http.SameSite.STRICT));
            throw new Redirect(ctx.path().startsWith("//") ? "/" : ctx.path());
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : ctx.cookie(tokenCookie(ctx.port()));
        if (given == null || !matches(given)) {
            throw new Unauthorized("this server needs its access token: open the link `serve` printed (it ends in "
                    + "?token=...), or send Authorization: Bearer TOKEN");
        }
    }

    private boolean matches(String given) {
        return java.security.MessageDigest.isEqual(token, given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    /** A request without the access token (HTTP 401). */
    static final class Unauthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthorized(String message) {
            super(message);
        }
    }

    /** The page opened with its token: the cookie is set, load the page again without the token (HTTP 303). */
    static final class Redirect extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String location;

        Redirect(String location) {
            super("see " + location);
            this.location = location;
        }

        String location() {
            return location;
        }
    }

    /** A request the guard refuses (HTTP 403). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
