package io.ridgeline.web;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestCase;
import io.javalin.testtools.TestConfig;
import java.net.http.HttpClient;
import java.time.Duration;

/** An app served by javalin-testtools on 127.0.0.1 and a free port for one test case. */
final class ServedApp {

    /**
     * The library's default client shares one cookie store between every test; the token and origin checks want
     * requests that carry only the cookies a test sends, so this client keeps none (and, as java.net.http does
     * unless told, follows no redirects). The server's output is captured and shown only when a test fails.
     */
    private static final TestConfig CONFIG = new TestConfig(false, true, HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build());

    private ServedApp() {
    }

    /** Starts {@code app} on 127.0.0.1 and a free port, runs {@code testCase} against it, and stops it. */
    static void serve(Javalin app, TestCase testCase) {
        // JavalinTest starts the app on its configured host, which is every interface unless set
        app.unsafe.jetty.host = WebApp.DEFAULT_HOST;
        JavalinTest.test(app, CONFIG, testCase);
    }
}
