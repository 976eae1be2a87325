package io.ridgeline.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessTest {

    @Test
    void theShippedTableSaysHowEachHarnessRan() {
        Harness vllm = Harness.of("aic-gap-analysis", "vllm");
        assertThat(vllm.distinctPrompts()).isEqualTo(100);
        assertThat(vllm.prefixCaching()).isTrue();
        assertThat(vllm.evidence()).contains("95% of the fp8 peak");
        assertThat(Harness.of("aic-gap-analysis", "sglang").prefixCaching()).isFalse();
        assertThat(Harness.of("InferenceX", "vllm").requestsPerClient()).isEqualTo(10);
        assertThat(Harness.of("someone-else", "vllm")).isEqualTo(Harness.NONE);
        assertThat(Harness.known()).isNotEmpty().allSatisfy(h -> assertThat(h.evidence()).isNotBlank());
    }

    @Test
    void aRowTakesItsHarnessUnlessItsOwnColumnsSay() throws Exception {
        String header = "row_id,bench,backend,model,gpu,kind,tp,concurrency,isl,osl,meas_tpot_ms";
        List<ServingMeasurement> rows = ServingMeasurement.read(new StringReader(header
                + ",distinct_prompts,prefix_caching,benchmark_requests,warmup_requests\n"
                + "a,aic-gap-analysis,vllm,llama-3.1-8b,h200,agg,1,64,2000,100,9.7,,,,\n"
                + "b,aic-gap-analysis,vllm,llama-3.1-8b,h200,agg,1,64,2000,100,9.7,0,,,\n"
                + "c,mine,vllm,llama-3.1-8b,h200,agg,1,64,2000,100,9.7,50,true,1280,128\n"), "t.csv");
        assertThat(rows.get(0).distinctPrompts()).isEqualTo(100);
        assertThat(rows.get(0).prefixCaching()).isTrue();
        assertThat(rows.get(0).benchmarkRequests()).isZero();
        assertThat(rows.get(1).distinctPrompts()).isZero();
        assertThat(rows.get(1).prefixCaching()).isFalse();
        assertThat(rows.get(2).distinctPrompts()).isEqualTo(50);
        assertThat(rows.get(2).prefixCaching()).isTrue();
        assertThat(rows.get(2).benchmarkRequests()).isEqualTo(1280);
        assertThat(rows.get(2).warmupRequests()).isEqualTo(128);
    }

    @Test
    void inferenceXsTensorRtLlmRunsTakeTheirLaunchScriptsScheduler() {
        java.util.Map<String, ServingMeasurement> rows = new java.util.HashMap<>();
        ServingValidation.published().forEach(m -> rows.put(m.id(), m));
        // r068: the MTP configuration at 128 clients of 1k/8k, tensor-parallel attention: MTP-3, whole prompts,
        // max_num_tokens = ceil64(4 x 128 + 1024 + 64) = ceil64(1600) = 1600
        Harness.EngineRun r068 = rows.get("r068").engineRun();
        assertThat(r068.draftTokens()).isEqualTo(3);
        assertThat(r068.prefillSteps()).isEqualTo("whole");
        assertThat(r068.stepTokens()).isEqualTo(1600);
        assertThat(r068.holdSteps()).isZero();
        // r066: 256 clients of 8k/1k with attention data parallelism: MTP-1, 256 / 8 = 32 clients a rank,
        // ceil64(2 x 32 + 8192 + 64) = ceil64(8320) = 8320, balanced over the ranks for at most 60 steps
        Harness.EngineRun r066 = rows.get("r066").engineRun();
        assertThat(r066.draftTokens()).isEqualTo(1);
        assertThat(r066.stepTokens()).isEqualTo(8320);
        assertThat(r066.holdSteps()).isEqualTo(60);
        // r067: the configuration without speculation, 16 clients of 8k/1k: ceil64(16 + 8192 + 64) = 8320
        Harness.EngineRun r067 = rows.get("r067").engineRun();
        assertThat(r067.draftTokens()).isZero();
        assertThat(r067.stepTokens()).isEqualTo(8320);
        // Llama 3.1 70B, 1k/1k below tp 8: 16,384 tokens a step, prompts held up to 20 steps for 14,746 tokens
        Harness.EngineRun r034 = rows.get("r034").engineRun();
        assertThat(r034.stepTokens()).isEqualTo(16384);
        assertThat(r034.holdSteps()).isEqualTo(20);
        assertThat(r034.holdTokens()).isEqualTo(14746);
        // ... and at tp 8 or other lengths no holding
        assertThat(rows.get("r035").engineRun().holdSteps()).isZero();
        assertThat(rows.get("r035").engineRun().prefillSteps()).isEqualTo("whole");
        // vLLM keeps its chunked prefill at the default budget
        assertThat(rows.get("r038").engineRun()).isEqualTo(Harness.EngineRun.DEFAULT);
    }

    @Test
    void aRowsOwnSchedulingColumnsWinOverItsHarness() throws Exception {
        String header = "row_id,source_row_id,bench,backend,model,gpu,kind,tp,ep,concurrency,isl_nominal,isl,osl,"
                + "meas_tpot_ms,draft_tokens,acceptance_rate,step_tokens,prefill_steps\n";
        List<ServingMeasurement> rows = ServingMeasurement.read(new StringReader(header
                + "a,2026_03_25_deepseek_r1_x,InferenceX,trtllm,deepseek-v3,h200,agg,8,8,64,1024,922,7373,20,,,,\n"
                + "b,2026_03_25_deepseek_r1_x,InferenceX,trtllm,deepseek-v3,h200,agg,8,8,64,1024,922,7373,20,0,,"
                + "8192,chunked\n"), "t.csv");
        // a: the harness's MTP-3 and its step rule, ceil64(4 x 64 + 1024 + 64) = 1344
        assertThat(rows.get(0).engineRun().draftTokens()).isEqualTo(3);
        assertThat(rows.get(0).engineRun().stepTokens()).isEqualTo(1344);
        // b: the row says no speculation, 8,192 tokens and chunked prefill
        assertThat(rows.get(1).engineRun().draftTokens()).isZero();
        assertThat(rows.get(1).engineRun().stepTokens()).isEqualTo(8192);
        assertThat(rows.get(1).engineRun().prefillSteps()).isEqualTo("chunked");
        assertThatThrownBy(() -> ServingMeasurement.read(new StringReader(header
                + "c,x,mine,vllm,llama-3.1-8b,h200,agg,1,1,8,1024,922,922,20,3,,,\n"), "t.csv"))
                .hasMessageContaining("acceptance_rate");
    }
}
