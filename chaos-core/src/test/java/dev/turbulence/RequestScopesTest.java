package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed chaos contexts: what a request's header lets apply, and what it never does. */
class RequestScopesTest {

    private static final String SECRET = "a-secret-the-services-share-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RequestScopes scopes = RequestScopes.of(SECRET, List.of("*.internal", "127.0.0.1"), CLOCK);

    static Stream<Long> seeds() {
        return LongStream.range(0, 40).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aSignedContextReadsBackAsItsAssaultsAndAnyChangedCharacterIsABadOne(long seed) {
        Random random = new Random(seed);
        List<String> names = randomNames(random);
        Instant expiresAt = NOW.plusSeconds(1 + random.nextInt(12 * 3600));
        String token = scopes.sign(names, expiresAt);

        RequestScope scope = scopes.read(token).scope();
        assertThat(scope.assaults()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(scope.expiresAt()).isEqualTo(expiresAt);
        assertThat(scope.token()).isEqualTo(token);

        int at = random.nextInt(token.length());
        char changed = token.charAt(at) == 'a' ? 'b' : 'a';
        String forged = token.substring(0, at) + changed + token.substring(at + 1);
        RequestScopes.Reading reading = scopes.read(forged);
        assertThat(reading.scope()).isNull();
        assertThat(reading.ignoredBecause()).isIn("bad signature", "malformed");
    }

    @Test
    void aContextSignedWithAnotherSecretIsIgnored() {
        String token = RequestScopes.of("another-secret-of-someone-else-0123456789", List.of(), CLOCK)
                .sign(List.of("orders-down"), NOW.plusSeconds(60));

        assertThat(scopes.read(token)).isEqualTo(new RequestScopes.Reading(null, "bad signature"));
    }

    @Test
    void anExpiredContextIsIgnoredAndOneTooFarAheadCannotBeSigned() {
        String token = scopes.sign(List.of("orders-down"), NOW.plusSeconds(60));
        RequestScopes later = RequestScopes.of(SECRET, List.of(), Clock.offset(CLOCK, Duration.ofSeconds(60)));

        assertThat(later.read(token).ignoredBecause()).isEqualTo("expired");
        assertThatThrownBy(() -> scopes.sign(List.of("orders-down"), NOW.plus(Duration.ofHours(13))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiresAt must be at most 12 hours ahead, but was 2026-12-04T23:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1", "v1:x:y:z", "v2:1:a:b", "v1:99999999999999:a:b", "v1::a:b", ":::"})
    void aMalformedContextIsIgnored(String token) {
        assertThat(scopes.read(token).scope()).isNull();
        assertThat(scopes.read(token).ignoredBecause()).isIn("malformed", "bad signature");
    }

    @Test
    void anOverlongContextIsIgnoredUnread() {
        assertThat(scopes.read("v1:" + "9".repeat(RequestScopes.MAX_LENGTH)).ignoredBecause())
                .isEqualTo("too long");
    }

    @Test
    void noContextReadsAsAbsentAndRequestScopesOffReadNothing() {
        String token = scopes.sign(List.of("orders-down"), NOW.plusSeconds(60));

        assertThat(scopes.read(null)).isEqualTo(RequestScopes.Reading.ABSENT);
        assertThat(RequestScopes.NONE.read(token)).isEqualTo(RequestScopes.Reading.ABSENT);
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> RequestScopes.of("short", List.of(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a request-scope secret must be at least 32 bytes, but was 5 bytes");
    }

    @Test
    void theContextIsForwardedOnlyWhileBoundAndOnlyToTheHostsAllowed() {
        RequestScope scope = scopes.read(scopes.sign(List.of("orders-down"), NOW.plusSeconds(60)))
                .scope();

        assertThat(scopes.forwardedTo("inventory.internal")).isNull();
        try (RequestScope.Binding bound = scope.bind()) {
            assertThat(scopes.forwardedTo("inventory.internal")).isEqualTo(scope.token());
            assertThat(scopes.forwardedTo("127.0.0.1")).isEqualTo(scope.token());
            assertThat(scopes.forwardedTo("api.example.com")).isNull();
            assertThat(scopes.forwardedTo("internal.evil.example")).isNull();
            assertThat(RequestScopes.NONE.forwardedTo("inventory.internal")).isNull();
        }
        assertThat(RequestScope.current()).isNull();
    }

    @Test
    void aRequestScopedAssaultAppliesOnlyToCallsWithinAScopeNamingIt() {
        try (ChaosEngine engine = ChaosEngine.builder().requestScopes(scopes).build()) {
            engine.enable();
            engine.define(Assault.builder("orders-down")
                    .target(CallSiteKind.SUPPLIER, "orders")
                    .fault(new Fault.ConnectionReset())
                    .requestScoped(true)
                    .build());
            CallSite orders = engine.callSite(CallSiteKind.SUPPLIER, "orders", Map.of());
            RequestScope naming = scopes.read(scopes.sign(List.of("orders-down"), NOW.plusSeconds(60)))
                    .scope();
            RequestScope other = scopes.read(scopes.sign(List.of("stock-down"), NOW.plusSeconds(60)))
                    .scope();

            assertThat(orders.decide()).isNull();
            try (RequestScope.Binding bound = other.bind()) {
                assertThat(orders.decide()).isNull();
                try (RequestScope.Binding inner = naming.bind()) {
                    assertThat(orders.decide()).isNotNull();
                }
                assertThat(orders.decide()).isNull();
            }
            assertThat(orders.decide()).isNull();
        }
    }

    @Test
    void aStressorCannotBeRequestScoped() {
        assertThatThrownBy(() -> AssaultSchema.fromYaml(
                        "{name: heap, requestScoped: true, fault: {type: heap-pressure, fraction: 0.1}}"))
                .hasMessageContaining("requestScoped applies to calls; a stressor (heap-pressure) runs for the"
                        + " assault's whole lifetime, but was true");
    }

    private static List<String> randomNames(Random random) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            StringBuilder name = new StringBuilder().append((char) ('a' + random.nextInt(26)));
            for (int j = 0; j < random.nextInt(20); j++) {
                name.append("abcdefghijklmnopqrstuvwxyz0123456789._-".charAt(random.nextInt(39)));
            }
            names.add(name.toString());
        }
        return List.copyOf(Set.copyOf(names));
    }
}
