package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.ridgeline.engine.Ridgeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static Javalin app;
    private static final HttpClient CLIENT = HttpClient.newHttpClient(); // follows no redirects

    @BeforeAll
    static void start() {
        app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, TOKEN)
                .start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    private static HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET();
        if (header != null) {
            b.header(header, value);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheTokenOrWithAnotherTheApiAndThePagesAre401() throws Exception {
        for (String path : new String[] {"/api/catalog/gpus", "/"}) {
            HttpResponse<String> none = get(path, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.body()).as(path).contains("access token");
            assertThat(get(path, "Authorization", "Bearer " + TOKEN.replace('0', '1')).statusCode()).as(path)
                    .isEqualTo(401);
        }
    }

    @Test
    void aScriptSendsItAsABearerToken() throws Exception {
        assertThat(get("/api/catalog/gpus", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void thePageOpenedWithThePrintedLinkGetsACookieAndReloadsWithoutTheTokenInItsAddress() throws Exception {
        HttpResponse<String> opened = get("/?token=" + TOKEN, null, null);
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.headers().firstValue("Location")).contains("/");
        String cookie = opened.headers().firstValue("Set-Cookie").orElse("");
        assertThat(cookie).startsWith(RequestGuard.tokenCookie(app.port()) + "=" + TOKEN).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        String pair = cookie.split(";", 2)[0];
        assertThat(get("/", "Cookie", pair).statusCode()).isEqualTo(200);
        assertThat(get("/api/catalog/gpus", "Cookie", pair).statusCode()).isEqualTo(200);
        // a wrong token in the link sets nothing
        assertThat(get("/?token=nope", null, null).statusCode()).isEqualTo(401);
        // a cookie left by an earlier server (another token) does not shadow the link
        HttpResponse<String> stale = get("/?token=" + TOKEN, "Cookie", RequestGuard.tokenCookie(app.port()) + "=old-token-old");
        assertThat(stale.statusCode()).isEqualTo(303);
        // a cookie of a server on another port of the same host is not this one's
        assertThat(get("/", "Cookie", RequestGuard.tokenCookie(app.port() + 1) + "=" + TOKEN).statusCode())
                .isEqualTo(401);
        // and a POST with the cookie is served
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/api/estimate")).header("Cookie", pair).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString("model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
    }
}
