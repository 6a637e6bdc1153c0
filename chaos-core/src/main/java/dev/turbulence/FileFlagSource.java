package dev.turbulence;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;

/**
 * Assaults in a JSON ({@code .json}) or YAML file whose {@code assaults} field lists them, reloaded when the
 * file changes. A missing file defines no assaults; a broken edit is reported as a
 * {@link ChaosEvent.SourceFailed} and the file's last good assaults stay in force.
 */
public final class FileFlagSource implements FlagSource {

    private static final System.Logger LOG = System.getLogger(FileFlagSource.class.getName());

    private final Path file;

    public FileFlagSource(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "file:" + file;
    }

    @Override
    public List<Assault> assaults() throws IOException {
        return Files.exists(file) ? AssaultSchema.readFile(file) : List.of();
    }

    /** Watches the file's directory on a daemon thread and calls {@code onChange} for every change to the file. */
    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        Path directory = file.getParent();
        WatchService watcher;
        try {
            watcher = directory.getFileSystem().newWatchService();
            directory.register(
                    watcher,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot watch " + directory + " for changes of " + file.getFileName(), e);
        }
        Thread thread = new Thread(() -> watch(watcher, onChange), "chaos-file-watch-" + file.getFileName());
        thread.setDaemon(true);
        thread.start();
        return watcher;
    }

    /** A failing reload, even one that throws an {@link Error}, must not end the watch: later edits still count. */
    private void reload(Runnable onChange) {
        try {
            onChange.run();
        } catch (RuntimeException | Error failure) {
            LOG.log(System.Logger.Level.WARNING, "Reloading " + file + " failed; still watching it", failure);
        }
    }

    private void watch(WatchService watcher, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    ours |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || file.getFileName().equals(event.context());
                }
                key.reset();
                if (ours) {
                    reload(onChange);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
