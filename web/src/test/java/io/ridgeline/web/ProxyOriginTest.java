package io.ridgeline.web;

import static io.ridgeline.web.ServedApp.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.ridgeline.engine.Ridgeline;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A server behind a TLS proxy (serve --origin https://ridgeline.example.com) on its loopback address. */
class ProxyOriginTest {

    /**
     * The status of a request written by hand on a socket: java.net.http, under javalin-testtools' client, refuses
     * to let a caller set Host.
     */
    private static int status(Javalin server, String method, String path, String host, String origin)
            throws IOException {
        try (Socket socket = new Socket(WebApp.DEFAULT_HOST, server.port())) {
            socket.setSoTimeout(30_000);
            byte[] body;
            try (var in = ProxyOriginTest.class.getResourceAsStream("/default-scenario.yaml")) {
                body = in.readAllBytes();
            }
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + (method.equals("POST") ? "Content-Type: application/yaml\r\nContent-Length: " + body.length
                    + "\r\n" : "") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            if (method.equals("POST")) {
                socket.getOutputStream().write(body);
            }
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
        }
    }

    @Test
    void thePagesOfTheProxysOriginAreServedAndOthersAreNot() {
        Javalin app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, null,
                List.of("https://Ridgeline.Example.com"));
        serve(app, (server, client) -> {
            String proxied = "ridgeline.example.com";
            // the proxy forwards the public Host; the page it served posts with its https Origin (default port 443)
            assertThat(status(server, "GET", "/api/catalog/gpus", proxied, null)).isEqualTo(200);
            assertThat(status(server, "POST", "/api/estimate", proxied, "https://ridgeline.example.com"))
                    .isEqualTo(200);
            assertThat(status(server, "POST", "/api/estimate", proxied, "https://ridgeline.example.com:443"))
                    .isEqualTo(200);
            // the same name on another port or scheme and port, another site: refused
            for (String origin : new String[] {"http://ridgeline.example.com:8080",
                    "https://ridgeline.example.com:8443", "https://evil.example", "null"}) {
                assertThat(status(server, "POST", "/api/estimate", proxied, origin)).as(origin).isEqualTo(403);
            }
            // a name that is neither loopback nor the proxy's is still refused (DNS rebinding)
            assertThat(status(server, "GET", "/api/catalog/gpus", "evil.example", null)).isEqualTo(403);
            // and the server's own origin keeps working
            String own = "127.0.0.1:" + server.port();
            assertThat(status(server, "POST", "/api/estimate", own, "http://" + own)).isEqualTo(200);
        });
    }

    @Test
    void anOriginIsASchemeAHostAndAtMostAPort() {
        assertThat(RequestGuard.publicOrigin("https://Ridgeline.Example.com")).isEqualTo(
                "https://ridgeline.example.com:443");
        assertThat(RequestGuard.publicOrigin("http://host:8080/")).isEqualTo("http://host:8080");
        assertThat(RequestGuard.publicOrigin("http://host")).isEqualTo("http://host:80");
        for (String bad : new String[] {"ridgeline.example.com", "ftp://host", "https://host/path", "https://host?q=1",
                "https://user@host", "https://", " "}) {
            assertThatThrownBy(() -> RequestGuard.publicOrigin(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--origin:");
        }
    }
}
