package io.ridgeline.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(Harness.known()).isNotEmpty().allSatisfy((k, h) -> assertThat(h.evidence()).isNotBlank());
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
}
