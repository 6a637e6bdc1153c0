package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import java.nio.file.Path;
import java.util.List;

/**
 * A load the process puts on itself for as long as its assault is active, instead of a fault in a call (see
 * {@link Fault}). Only {@code target.kind: process} takes it; an assault without a target gets that kind. The
 * engine starts it on its own daemon threads when the assault becomes active while chaos is on, and stops it —
 * giving back everything it took — when the assault expires, is deleted or replaced, on the kill switch, when
 * the engine closes and at JVM shutdown.
 *
 * <p>Immutable values holding data only: their constructors check the values themselves and reject bad ones
 * with an {@link InvalidDefinitionException} naming the field, but read neither files nor the machine. What
 * depends on the machine — a directory to fill, its file store's size, the processors to burn — is checked when
 * the stressor starts; a stressor that cannot start fails with a {@link ChaosEvent.StressorChanged} event in
 * state {@code FAILED} that says why, and the application goes on.
 */
public sealed interface Stress {

    /** The schema name of this stressor, such as {@code disk-fill}. */
    String type();

    /**
     * Writes files under {@code path} until its file store has only {@code leaveFreeBytes} usable, or until
     * {@code fillPercent} of its total size is no longer usable; writes there then fail with "No space left on
     * device". Never leaves less than the {@linkplain #SAFETY_FLOOR safety floor} usable unless
     * {@code overrideSafetyFloor}. {@code path} must be a writable directory when the stressor starts, and
     * {@code leaveFreeBytes} at least the floor of its file store.
     */
    record DiskFill(Path path, Long leaveFreeBytes, Double fillPercent, boolean overrideSafetyFloor) implements Stress {

        /** The share of a file store's total size a disk fill leaves usable unless it overrides the floor. */
        public static final double SAFETY_FLOOR = 0.05;

        static final String UNLESS_OVERRIDDEN = " (the safety floor) unless overrideSafetyFloor is true";

        public DiskFill {
            Problems problems = new Problems();
            if (path == null) {
                problems.add("path", null, "is required");
            }
            if (leaveFreeBytes == null && fillPercent == null) {
                problems.add("leaveFreeBytes", null, "is required, or fillPercent");
            } else if (leaveFreeBytes != null && fillPercent != null) {
                problems.add("fillPercent", fillPercent, "must not be given together with leaveFreeBytes");
            } else if (leaveFreeBytes != null && leaveFreeBytes < 0) {
                problems.add("leaveFreeBytes", leaveFreeBytes, "must be >= 0");
            } else if (fillPercent != null && !(fillPercent > 0 && fillPercent <= 100)) {
                problems.add("fillPercent", fillPercent, "must be > 0 and <= 100");
            } else if (fillPercent != null && !overrideSafetyFloor && fillPercent > 100 * (1 - SAFETY_FLOOR)) {
                problems.add("fillPercent", fillPercent, "must be <= 95" + UNLESS_OVERRIDDEN);
            }
            problems.throwIfAny("disk-fill");
        }

        /** The usable bytes to leave on a file store of {@code totalBytes}. */
        public long targetFreeBytes(long totalBytes) {
            return leaveFreeBytes != null ? leaveFreeBytes : (long) (totalBytes * (100 - fillPercent) / 100);
        }

        @Override
        public String type() {
            return "disk-fill";
        }
    }

    /** Holds {@code fraction} of the maximum heap, allocated in steps on its own thread. */
    record HeapPressure(double fraction) implements Stress {

        /** The largest share of the maximum heap that heap-pressure assaults hold, each and all together. */
        public static final double MAX_FRACTION = 0.9;

        public HeapPressure {
            if (!(fraction > 0 && fraction <= MAX_FRACTION)) {
                throw new InvalidDefinitionException(
                        "heap-pressure", List.of(new Problem("fraction", fraction, "must be > 0 and <= 0.9")));
            }
        }

        @Override
        public String type() {
            return "heap-pressure";
        }
    }

    /**
     * Keeps {@code threads} threads busy for {@code load} of a core each: at most one per available processor,
     * checked when it starts; {@code null} for one on every available processor.
     */
    record CpuBurn(double load, Integer threads) implements Stress {

        public CpuBurn {
            Problems problems = new Problems();
            if (!(load > 0 && load <= 1)) {
                problems.add("load", load, "must be > 0 and <= 1");
            }
            if (threads != null && threads < 1) {
                problems.add("threads", threads, "must be >= 1");
            }
            problems.throwIfAny("cpu-burn");
        }

        /** Burns {@code load} of every available processor. */
        public CpuBurn(double load) {
            this(load, null);
        }

        @Override
        public String type() {
            return "cpu-burn";
        }
    }

    /**
     * Occupies {@code threads} threads of the executor the application registered as {@code executor} with
     * {@link ChaosEngine#registerExecutor}, so its pool or bulkhead limits are hit for real.
     */
    record ThreadExhaustion(String executor, int threads) implements Stress {

        /** The most threads one thread-exhaustion assault occupies. */
        public static final int MAX_THREADS = 1024;

        public ThreadExhaustion {
            Problems problems = new Problems();
            if (executor == null || executor.isBlank()) {
                problems.add("executor", executor, "is required");
            }
            if (threads < 1 || threads > MAX_THREADS) {
                problems.add("threads", threads, "must be between 1 and " + MAX_THREADS);
            }
            problems.throwIfAny("thread-exhaustion");
        }

        @Override
        public String type() {
            return "thread-exhaustion";
        }
    }
}
