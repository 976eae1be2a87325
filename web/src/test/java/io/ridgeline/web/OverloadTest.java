package io.ridgeline.web;

import static io.ridgeline.web.ServedApp.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import io.ridgeline.engine.Ridgeline;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class OverloadTest {

    private static Response postYaml(HttpClient client, String path, String yaml) {
        return client.request(path, request -> request.header("Content-Type", "application/yaml")
                .post(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    @Test
    void withEveryTurnTakenAPostIs503WithRetryAfterAtOnceAndACatalogGetIsServed() {
        WorkGate gate = new WorkGate(1, 0, 0);
        String estimate = "model: llama-3.1-8b\nhardware: {gpu: h100-sxm}\n";
        Javalin app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, null, gate);
        serve(app, (server, client) -> {
            assertThat(postYaml(client, "/api/estimate", estimate).code()).isEqualTo(200);
            assertThat(gate.enter()).isTrue(); // the one turn, held as a long advice would hold it
            try {
                Response busy = postYaml(client, "/api/estimate", estimate);
                assertThat(busy.code()).isEqualTo(503);
                assertThat(busy.headers().get("Retry-After")).first()
                        .isEqualTo(String.valueOf(WorkGate.RETRY_AFTER_S));
                assertThat(busy.body().string()).contains("busy");
                Response catalog = client.get("/api/catalog/gpus");
                assertThat(catalog.code()).isEqualTo(200);
            } finally {
                gate.leave();
            }
            assertThat(postYaml(client, "/api/estimate", estimate).code()).isEqualTo(200);
        });
    }

    @Test
    void aRequestThatRunsPastItsTimeBudgetIsStoppedWith503AndGivesItsTurnBack() {
        // a budget of 1 ms: a search of a cluster with alternatives runs far longer, so it stops at its first check
        WorkGate gate = new WorkGate(1, 0, 0, 1);
        Javalin app = WebApp.create(Ridgeline.defaults(), Presets.fromClasspath(), WebApp.DEFAULT_HOST, null, gate);
        serve(app, (server, client) -> {
            Response r = postYaml(client, "/api/search", "model: llama-3.1-70b\nhardware: {gpu: h100-sxm, "
                    + "gpus_per_node: 8, nodes: 4}\nworkload: {requests_per_s: 20}\npreferences: "
                    + "{alternative_gpus: [h200, b200, l40s]}\n");
            assertThat(r.code()).isEqualTo(503);
            assertThat(r.headers().get("Retry-After")).isNotEmpty();
            assertThat(r.body().string()).contains("ran past its time budget of 0.001 s");
            // the turn came back: the one slot is free again
            assertThat(gate.enter()).isTrue();
            gate.leave();
        });
    }
}
