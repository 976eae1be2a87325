package io.ridgeline.web;

import static io.ridgeline.web.ServedApp.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import io.ridgeline.engine.Ridgeline;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private static Javalin app() {
        return WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, TOKEN);
    }

    private static Response get(HttpClient client, String path, String header, String value) {
        return client.get(path, request -> {
            if (header != null) {
                request.header(header, value);
            }
        });
    }

    @Test
    void withoutTheTokenOrWithAnotherTheApiAndThePagesAre401() {
        serve(app(), (server, client) -> {
            for (String path : new String[] {"/api/catalog/gpus", "/"}) {
                Response none = get(client, path, null, null);
                assertThat(none.code()).as(path).isEqualTo(401);
                assertThat(none.body().string()).as(path).contains("access token");
                assertThat(get(client, path, "Authorization", "Bearer " + TOKEN.replace('0', '1')).code()).as(path)
                        .isEqualTo(401);
            }
        });
    }

    @Test
    void aScriptSendsItAsABearerToken() {
        serve(app(), (server, client) -> {
            assertThat(get(client, "/api/catalog/gpus", "Authorization", "Bearer " + TOKEN).code()).isEqualTo(200);
        });
    }

    @Test
    void thePageOpenedWithThePrintedLinkGetsACookieAndReloadsWithoutTheTokenInItsAddress() {
        serve(app(), (server, client) -> {
            Response opened = get(client, "/?token=" + TOKEN, null, null);
            assertThat(opened.code()).isEqualTo(303);
            assertThat(opened.headers().get("Location")).first().isEqualTo("/");
            String cookie = opened.headers().get("Set-Cookie").stream().findFirst().orElse("");
            assertThat(cookie).startsWith(RequestGuard.tokenCookie(server.port()) + "=" + TOKEN)
                    .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            String pair = cookie.split(";", 2)[0];
            assertThat(get(client, "/", "Cookie", pair).code()).isEqualTo(200);
            assertThat(get(client, "/api/catalog/gpus", "Cookie", pair).code()).isEqualTo(200);
            // a wrong token in the link sets nothing
            assertThat(get(client, "/?token=nope", null, null).code()).isEqualTo(401);
            // a cookie left by an earlier server (another token) does not shadow the link
            Response stale = get(client, "/?token=" + TOKEN, "Cookie",
                    RequestGuard.tokenCookie(server.port()) + "=old-token-old");
            assertThat(stale.code()).isEqualTo(303);
            // a cookie of a server on another port of the same host is not this one's
            assertThat(get(client, "/", "Cookie", RequestGuard.tokenCookie(server.port() + 1) + "=" + TOKEN).code())
                    .isEqualTo(401);
            // and a POST with the cookie is served
            Response post = client.request("/api/estimate", request -> request.header("Cookie", pair)
                    .header("Content-Type", "application/yaml")
                    .post(HttpRequest.BodyPublishers.ofString("model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n")));
            assertThat(post.code()).isEqualTo(200);
        });
    }
}
