package dev.turbulence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real file store of a known small size: a tmpfs mounted on a fresh directory (tests and CI run as root).
 * Where mounting is impossible, {@link #directory()} skips the calling test and says why. {@link #close()}
 * unmounts it and removes the directory.
 */
final class SmallFileStore implements AutoCloseable {

    private final Path mountPoint;
    private final String failure;

    private SmallFileStore(Path mountPoint, String failure) {
        this.mountPoint = mountPoint;
        this.failure = failure;
    }

    /** Mounts a tmpfs of {@code megabytes}; {@code readOnly} for one nobody can write to, root included. */
    static SmallFileStore mount(int megabytes, boolean readOnly) throws IOException {
        Path mountPoint = Files.createTempDirectory("turbulence-store-");
        String options = (readOnly ? "ro," : "") + "size=" + megabytes + "m";
        String failure = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
        return new SmallFileStore(mountPoint, failure);
    }

    /** The mounted directory; skips the calling test when it could not be mounted. */
    Path directory() {
        assumeTrue(failure == null, () -> "cannot mount a small tmpfs file store here: " + failure);
        return mountPoint;
    }

    long usableSpace() throws IOException {
        return Files.getFileStore(directory()).getUsableSpace();
    }

    List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.toList();
        }
    }

    @Override
    public void close() throws IOException {
        if (failure == null) {
            String unmountFailure = run("umount", mountPoint.toString());
            if (unmountFailure != null) {
                throw new IOException("could not unmount " + mountPoint + ": " + unmountFailure);
            }
        }
        Files.deleteIfExists(mountPoint);
    }

    /** Runs a command; returns why it failed, or {@code null} when it succeeded. */
    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = process.waitFor();
            return exit == 0 ? null : String.join(" ", command) + " exited with " + exit + ": " + output;
        } catch (IOException e) {
            return String.join(" ", command) + " could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
