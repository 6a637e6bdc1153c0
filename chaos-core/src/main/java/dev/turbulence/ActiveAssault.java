package dev.turbulence;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An assault in force: its lifetime, its seeded stream of decisions, its budget. Kept across plan versions
 * while its definition is unchanged, so redefining other assaults does not reset it. Thread-safe.
 */
final class ActiveAssault {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    final Assault assault;
    final Instant activatedAt;
    final Instant expiresAt;
    private final long expiresAtMillis;
    private final long seed;
    private final long everyNth;
    private final long maxInjections;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong injections = new AtomicLong();
    private final AtomicBoolean expiryReported = new AtomicBoolean();

    /** {@code fallbackSeed}, when not null, seeds an assault that gives no seed of its own. */
    ActiveAssault(Assault assault, Instant activatedAt, Duration defaultDuration, Long fallbackSeed) {
        this.assault = assault;
        this.activatedAt = activatedAt;
        this.expiresAt = activatedAt.plus(assault.duration() != null ? assault.duration() : defaultDuration);
        this.expiresAtMillis = expiresAt.toEpochMilli();
        this.seed = assault.seed() != null
                ? assault.seed()
                : fallbackSeed != null
                        ? fallbackSeed ^ assault.name().hashCode()
                        : ThreadLocalRandom.current().nextLong();
        this.everyNth = assault.everyNth() != null ? assault.everyNth() : 0;
        this.maxInjections = assault.maxInjections() != null ? assault.maxInjections() : Long.MAX_VALUE;
    }

    /** {@link #choose} or {@link #admit} found this call not assaulted. */
    static final long PASS = -1;
    /** {@link #admit} found the assault expired, and this is the first call to find so. */
    static final long JUST_EXPIRED = -2;

    /**
     * Whether this assault's stream chooses this call: its number in the stream, else {@link #PASS}. Reads no
     * clock, so that a call the assault passes over costs only the draw.
     */
    long choose() {
        if (!assault.enabled()) {
            return PASS;
        }
        long call = calls.getAndIncrement();
        boolean chosen =
                everyNth > 0 ? (call + 1) % everyNth == 0 : assault.rate() >= 1.0 || unit(call, 0) < assault.rate();
        return chosen ? call : PASS;
    }

    /**
     * Admits a chosen call at {@code nowMillis}: returns {@code call} when the assault is live and had budget
     * left (then taken), else {@link #PASS} or {@link #JUST_EXPIRED}.
     */
    long admit(long call, long nowMillis) {
        if (nowMillis >= expiresAtMillis) {
            return expiryReported.compareAndSet(false, true) ? JUST_EXPIRED : PASS;
        }
        return takeBudget() ? call : PASS;
    }

    /** Draws the latency of call number {@code call} from this assault's seeded stream. */
    Duration sampleLatency(Fault.Latency latency, long call) {
        return latency.sample(unit(call, 1), unit(call, 2));
    }

    long injections() {
        return injections.get();
    }

    boolean isLive(long nowMillis) {
        return assault.enabled() && nowMillis < expiresAtMillis && injections.get() < maxInjections;
    }

    private boolean takeBudget() {
        long used;
        do {
            used = injections.get();
            if (used >= maxInjections) {
                return false;
            }
        } while (!injections.compareAndSet(used, used + 1));
        return true;
    }

    /** The n-th number of stream {@code stream}, uniform in [0, 1): SplitMix64 over the seed. */
    private double unit(long n, long stream) {
        long z = seed + (n * 3 + stream + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
