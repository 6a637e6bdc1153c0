package dev.turbulence.stress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files under a directory until its file store has only {@code leaveFreeBytes} usable, then holds
 * them; stopping deletes every file it wrote. Writes at most what was usable above the target when it
 * started, so a file system that does not shrink (compression, deduplication) is never written endlessly.
 */
final class DiskFiller extends WorkerStressor {

    private static final int CHUNK_BYTES = 1 << 20;
    private static final long FILE_BYTES = 1L << 30;

    private final Path directory;
    private final long leaveFreeBytes;
    private final String filePrefix;
    private final List<Path> files = new ArrayList<>();
    private final AtomicLong held = new AtomicLong();

    DiskFiller(String name, Path directory, long leaveFreeBytes, Listener listener) {
        super("turbulence-disk-fill-" + name, listener);
        this.directory = directory;
        this.leaveFreeBytes = leaveFreeBytes;
        this.filePrefix = "turbulence-disk-fill-" + name + "-";
    }

    @Override
    String target() {
        return "leave " + leaveFreeBytes + " bytes usable on the file store of " + directory;
    }

    @Override
    void work() throws IOException {
        FileStore store = Files.getFileStore(directory);
        fill(store);
        if (!stopping()) {
            publish(
                    State.REACHED,
                    held.get(),
                    "wrote " + held.get() + " bytes; " + store.getUsableSpace() + " bytes usable now");
        }
        awaitStop();
    }

    private void fill(FileStore store) throws IOException {
        long budget = store.getUsableSpace() - leaveFreeBytes;
        ByteBuffer chunk = incompressibleChunk();
        while (!stopping() && missing(store, budget) > 0) {
            Path file = directory.resolve(filePrefix + files.size());
            files.add(file);
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                long written = 0;
                long missing;
                while (!stopping() && written < FILE_BYTES && (missing = missing(store, budget)) > 0) {
                    chunk.clear().limit((int) Math.min(CHUNK_BYTES, Math.min(missing, FILE_BYTES - written)));
                    while (chunk.hasRemaining()) {
                        int count = channel.write(chunk);
                        written += count;
                        held.addAndGet(count);
                    }
                }
            } catch (IOException noSpace) {
                if (store.getUsableSpace() >= CHUNK_BYTES) {
                    throw noSpace;
                }
                return;
            }
        }
    }

    private long missing(FileStore store, long budget) throws IOException {
        return Math.min(store.getUsableSpace() - leaveFreeBytes, budget - held.get());
    }

    private static ByteBuffer incompressibleChunk() {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES);
        SplittableRandom random = new SplittableRandom();
        while (chunk.remaining() >= Long.BYTES) {
            chunk.putLong(random.nextLong());
        }
        return chunk;
    }

    @Override
    void release() throws IOException {
        IOException failure = null;
        for (Iterator<Path> remaining = files.iterator(); remaining.hasNext(); ) {
            Path file = remaining.next();
            try {
                Files.deleteIfExists(file);
                remaining.remove();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        held.set(0);
    }

    @Override
    public long held() {
        return held.get();
    }
}
