package io.ridgeline.tests.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import io.javalin.testtools.TestCase;
import io.javalin.testtools.TestConfig;
import io.ridgeline.engine.Ridgeline;
import io.ridgeline.web.Presets;
import io.ridgeline.web.RulebaseComparison;
import io.ridgeline.web.WebApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The web app served by javalin-testtools on 127.0.0.1 and a free port, and the little the library leaves to the
 * tests: a request with a hand-set Host header, and a server that stays up for a whole browser session.
 */
final class ServedWebApp {

    static final String LOOPBACK = "127.0.0.1";

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The library's default client shares one cookie store between every test and clears it through an extra route
     * after each; the origin and Host checks want requests that carry only the headers a test gives them, so this
     * client keeps no cookies (and, as java.net.http does unless told, follows no redirects). The server's output is
     * captured and shown only when a test fails.
     */
    private static final TestConfig CONFIG = new TestConfig(false, true, java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build());

    private ServedWebApp() {
    }

    /** The app with the built-in rules and the presets on the classpath. */
    static Javalin app() {
        return WebApp.create(Ridgeline.defaults());
    }

    /** The app with the given presets instead of those on the classpath. */
    static Javalin app(Presets presets) {
        return WebApp.create(Ridgeline.defaults(), presets);
    }

    /**
     * The app comparing its built-in rulebase with the built-in rules plus the .drl files of {@code addRules}
     * ({@code serve --compare-add-rules DIR}).
     */
    static Javalin comparingApp(Path addRules) {
        Ridgeline own = Ridgeline.defaults();
        RulebaseComparison comparison = new RulebaseComparison("built-in rules", "built-in rules + " + addRules,
                new Ridgeline(own.catalogs(), own.rules().withFolder(addRules)));
        return WebApp.create(own, Presets.fromClasspath(), LOOPBACK, null, List.of(), comparison);
    }

    /** Starts {@code app} on 127.0.0.1 and a free port, runs {@code testCase} against it, and stops it. */
    static void serve(Javalin app, TestCase testCase) {
        JavalinTest.test(onLoopback(app), CONFIG, testCase);
    }

    /**
     * {@code app} started on 127.0.0.1 and a free port until the caller stops it: for a browser that drives one
     * server through a whole test class, which {@link JavalinTest#test} (one server per test case) does not cover.
     */
    static Javalin startForBrowser(Javalin app) {
        return onLoopback(app).start(LOOPBACK, 0);
    }

    /** The library's client for a server started with {@link #startForBrowser}. */
    static HttpClient clientOf(Javalin started) {
        return new HttpClient(started, CONFIG.getHttpClient());
    }

    /** JavalinTest starts the app on its configured host, which is every interface unless set. */
    private static Javalin onLoopback(Javalin app) {
        app.unsafe.jetty.host = LOOPBACK;
        return app;
    }

    /** 127.0.0.1:port, as a browser on this machine addresses the server. */
    static String authority(Javalin server) {
        return LOOPBACK + ":" + server.port();
    }

    /**
     * A POST of {@code body} with {@code contentType} as its Content-Type, or none where it is null (the library's
     * own {@code post} sends every body as JSON, typed application/json).
     */
    static Response post(HttpClient client, String path, String contentType, String body) {
        return client.request(path, request -> {
            request.post(HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
        });
    }

    /** A POST of a YAML scenario. */
    static Response postYaml(HttpClient client, String path, String yaml) {
        return post(client, path, "application/yaml", yaml);
    }

    /** The first value of the header {@code name}, or "" where the response has none. */
    static String header(Response response, String name) {
        List<String> values = response.headers().get(name);
        return values.isEmpty() ? "" : values.get(0);
    }

    static JsonNode json(Response response) {
        String body = response.body().string();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /**
     * A GET written by hand on a socket, since java.net.http (under the library's client) refuses to let a caller
     * set Host: the status and the body of the answer.
     */
    static HostHeaderResponse getWithHostHeader(Javalin server, String path, String host) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, server.port())) {
            socket.setSoTimeout(30_000);
            String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
            int split = answer.indexOf("\r\n\r\n");
            return new HostHeaderResponse(status, split < 0 ? "" : answer.substring(split + 4));
        }
    }

    /** The status and body of the answer to a request with a hand-set Host header. */
    record HostHeaderResponse(int statusCode, String body) {
    }
}
