package dev.turbulence.stress;

import dev.turbulence.schema.Limits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Creates {@link Stressor}s. Each works on its own daemon threads once started and gives back everything it
 * holds when stopped. {@code name} names its threads (and, for disk fills, its files) and must match
 * {@link Limits#NAME_PATTERN}, like an assault name.
 *
 * @throws IllegalArgumentException from every method, for a value out of range, naming it
 */
public final class Stressors {

    private Stressors() {}

    /**
     * Writes files named {@code turbulence-disk-fill-<name>-<n>} into {@code directory} until its file store has
     * only {@code leaveFreeBytes} usable (held: bytes written); stopping deletes them. When the file store
     * fills up earlier, it holds what it wrote.
     */
    public static Stressor diskFill(String name, Path directory, long leaveFreeBytes, Stressor.Listener listener) {
        Objects.requireNonNull(directory, "directory");
        requireArgument(leaveFreeBytes >= 0, "leaveFreeBytes must be >= 0, but was " + leaveFreeBytes);
        return new DiskFiller(checked(name), directory, leaveFreeBytes, requireListener(listener));
    }

    /** Allocates {@code bytes} of heap in steps and holds them (held: bytes). */
    public static Stressor heapPressure(String name, long bytes, Stressor.Listener listener) {
        requireArgument(bytes >= 0, "bytes must be >= 0, but was " + bytes);
        return new HeapFiller(checked(name), bytes, requireListener(listener));
    }

    /** Keeps {@code threads} threads busy for {@code load} (0 < load <= 1) of a core each (held: threads). */
    public static Stressor cpuBurn(String name, double load, int threads, Stressor.Listener listener) {
        requireArgument(load > 0 && load <= 1, "load must be > 0 and <= 1, but was " + load);
        requireArgument(threads > 0, "threads must be > 0, but was " + threads);
        return new CpuBurner(checked(name), load, threads, requireListener(listener));
    }

    /**
     * Submits {@code threads} tasks to {@code executor} that each hold their thread until stopped (held: threads
     * held). A task the executor refuses (by any exception) leaves the stressor {@link Stressor.State#LIMITED},
     * holding what it got.
     */
    public static Stressor threadExhaustion(String name, Executor executor, int threads, Stressor.Listener listener) {
        Objects.requireNonNull(executor, "executor");
        requireArgument(threads > 0, "threads must be > 0, but was " + threads);
        return new ThreadOccupier(checked(name), executor, threads, requireListener(listener));
    }

    private static String checked(String name) {
        Objects.requireNonNull(name, "name");
        requireArgument(Limits.isName(name), "name must match " + Limits.NAME_PATTERN + ", but was '" + name + "'");
        return name;
    }

    private static Stressor.Listener requireListener(Stressor.Listener listener) {
        return Objects.requireNonNull(listener, "listener");
    }

    private static void requireArgument(boolean valid, String message) {
        if (!valid) {
            throw new IllegalArgumentException(message);
        }
    }
}
