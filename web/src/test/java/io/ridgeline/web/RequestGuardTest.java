package io.ridgeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestGuardTest {

    @Test
    void loopbackAddressesAndNamesAreTold() {
        for (String host : new String[] {"127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]",
                "0:0:0:0:0:0:0:1"}) {
            assertThat(RequestGuard.isLoopback(host)).as(host).isTrue();
        }
        for (String host : new String[] {"0.0.0.0", "192.168.1.10", "::", "evil.example", "localhost.evil.example",
                "127.0.0.1.evil.example", "1127.0.0.1"}) {
            assertThat(RequestGuard.isLoopback(host)).as(host).isFalse();
        }
    }

    @Test
    void theNameOfAHostHeaderDropsItsPortAndBrackets() {
        assertThat(RequestGuard.hostName("127.0.0.1:7070")).isEqualTo("127.0.0.1");
        assertThat(RequestGuard.hostName("localhost")).isEqualTo("localhost");
        assertThat(RequestGuard.hostName("[::1]:7070")).isEqualTo("::1");
        assertThat(RequestGuard.hostName("evil.example:7070")).isEqualTo("evil.example");
    }

    @Test
    void anOriginIsThisServersWhenSchemeHostAndPortAreTheRequestedOnes() {
        assertThat(RequestGuard.sameOrigin("http://127.0.0.1:7070", "127.0.0.1:7070")).isTrue();
        assertThat(RequestGuard.sameOrigin("http://localhost", "localhost")).isTrue();
        assertThat(RequestGuard.sameOrigin("http://localhost:80", "localhost")).isTrue();
        assertThat(RequestGuard.sameOrigin("http://[::1]:7070", "[::1]:7070")).isTrue();
        assertThat(RequestGuard.sameOrigin("http://127.0.0.1:7071", "127.0.0.1:7070")).isFalse();
        assertThat(RequestGuard.sameOrigin("https://127.0.0.1:7070", "127.0.0.1:7070")).isFalse();
        assertThat(RequestGuard.sameOrigin("http://evil.example:7070", "127.0.0.1:7070")).isFalse();
        assertThat(RequestGuard.sameOrigin("null", "127.0.0.1:7070")).isFalse();
        assertThat(RequestGuard.sameOrigin("http://127.0.0.1:7070", null)).isFalse();
    }
}
