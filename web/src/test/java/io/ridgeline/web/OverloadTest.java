package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.ridgeline.engine.Ridgeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OverloadTest {

    @Test
    void withEveryTurnTakenAPostIs503WithRetryAfterAtOnceAndACatalogGetIsServed() throws Exception {
        WorkGate gate = new WorkGate(1, 0, 0);
        Javalin app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, null, gate)
                .start("127.0.0.1", 0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/estimate"))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString("model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n"))
                    .build();
            assertThat(client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(gate.enter()).isTrue(); // the one turn, held as a long advice would hold it
            try {
                HttpResponse<String> busy = client.send(post, HttpResponse.BodyHandlers.ofString());
                assertThat(busy.statusCode()).isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).contains(String.valueOf(WorkGate.RETRY_AFTER_S));
                assertThat(busy.body()).contains("busy");
                HttpResponse<String> catalog = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/catalog/gpus")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(catalog.statusCode()).isEqualTo(200);
            } finally {
                gate.leave();
            }
            assertThat(client.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            app.stop();
        }
    }

    @Test
    void aRequestThatRunsPastItsTimeBudgetIsStoppedWith503AndGivesItsTurnBack() throws Exception {
        // a budget of 1 ms: a search of a cluster with alternatives runs far longer, so it stops at its first check
        WorkGate gate = new WorkGate(1, 0, 0, 1);
        Javalin app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, null, gate)
                .start("127.0.0.1", 0);
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/search"))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString("model: llama-3.1-70b\nhardware: {gpu: h100-sxm, "
                            + "gpus_per_node: 8, nodes: 4}\nworkload: {requests_per_s: 20}\npreferences: "
                            + "{alternative_gpus: [h200, b200, l40s]}\n"))
                    .build();
            HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("ran past its time budget of 0.001 s");
            // the turn came back: the one slot is free again
            assertThat(gate.enter()).isTrue();
            gate.leave();
        } finally {
            app.stop();
        }
    }
}
