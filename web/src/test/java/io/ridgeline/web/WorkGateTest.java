package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkGateTest {

    @Test
    void aTurnIsFreeAtOnceUntilTheGateIsFullThenTheLineIsBoundedAndTheRestAreTurnedAway() throws Exception {
        WorkGate gate = new WorkGate(2, 1, 5_000);
        assertThat(gate.enter()).isTrue();
        assertThat(gate.enter()).isTrue();
        // a third waits in the line of one; a fourth finds the line full and is turned away at once
        CountDownLatch inLine = new CountDownLatch(1);
        boolean[] thirdGotIn = new boolean[1];
        Thread third = new Thread(() -> {
            inLine.countDown();
            try {
                thirdGotIn[0] = gate.enter();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        inLine.await();
        while (third.getState() != Thread.State.TIMED_WAITING && third.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(gate.enter()).isFalse();
        // a turn given back goes to the one in line
        gate.leave();
        third.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(thirdGotIn[0]).isTrue();
    }

    @Test
    void aWaitThatRunsOutIsTurnedAway() throws Exception {
        WorkGate gate = new WorkGate(1, 4, 50);
        assertThat(gate.enter()).isTrue();
        assertThat(gate.enter()).isFalse();
        gate.leave();
        assertThat(gate.enter()).isTrue();
    }

    @Test
    void theServersThreadsOutnumberWhatTheGateHoldsSoUngatedPagesStillAnswer() {
        // 64 cores: 128 computing + 256 waiting = 384 held by the gate; Jetty's usual 250 threads would all be
        // taken by gated requests and a catalog GET or a 503 would wait for one
        WorkGate big = new WorkGate(128, 256, 10_000);
        assertThat(big.capacity()).isEqualTo(384);
        assertThat(WebApp.threadPoolFor(big).getMaxThreads()).isEqualTo(384 + WebApp.UNGATED_THREADS);
        // a small machine keeps the usual 250
        assertThat(WebApp.threadPoolFor(new WorkGate(4, 8, 10_000)).getMaxThreads()).isEqualTo(250);
    }
}
