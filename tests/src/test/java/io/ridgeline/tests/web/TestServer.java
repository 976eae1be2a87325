package io.ridgeline.tests.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.web.Presets;
import io.ridgeline.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The web app started on 127.0.0.1 and a free port, with a small HTTP client for the tests. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Javalin app) {
        this.app = app;
    }

    static TestServer start() {
        return new TestServer(WebApp.create(Ridgeline.defaults()).start("127.0.0.1", 0));
    }

    /** The app with the given presets instead of those on the classpath. */
    static TestServer start(Presets presets) {
        return new TestServer(WebApp.create(Ridgeline.defaults(), presets).start("127.0.0.1", 0));
    }

    /**
     * The app comparing its built-in rulebase with the built-in rules plus the .drl files of {@code addRules}
     * ({@code serve --compare-add-rules DIR}).
     */
    static TestServer startComparing(java.nio.file.Path addRules) {
        Ridgeline own = Ridgeline.defaults();
        io.ridgeline.web.RulebaseComparison comparison = new io.ridgeline.web.RulebaseComparison("built-in rules",
                "built-in rules + " + addRules, new Ridgeline(own.catalogs(), own.rules().withFolder(addRules)));
        return new TestServer(WebApp.create(own, Presets.fromClasspath(), "127.0.0.1", null, java.util.List.of(),
                comparison).start("127.0.0.1", 0));
    }

    String base() {
        return "http://" + authority();
    }

    /** 127.0.0.1:port, as a browser on this machine addresses the server. */
    String authority() {
        return "127.0.0.1:" + app.port();
    }

    int port() {
        return app.port();
    }

    /**
     * A request written by hand on a socket, for the headers an HTTP client will not let a caller set (Host): the
     * status and the body of the answer.
     */
    RawResponse raw(String method, String path, String host, String body) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/yaml\r\n")
                    + "Content-Length: " + content.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int split = answer.indexOf("\r\n\r\n");
            return new RawResponse(status, split < 0 ? "" : answer.substring(split + 4));
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** The status and body of the answer to a hand-written request. */
    record RawResponse(int statusCode, String body) {
    }

    @Override
    public void close() {
        app.stop();
    }
}
