package dev.mnemo.core.code;

import dev.mnemo.core.data.Job;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.model.tenant.Tenant;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Index runs started over HTTP: one at a time per process, in the background (a large repository takes minutes; no
 * request waits for it), each observable by its repository's name until the next run. Runs share the inference
 * executor with searches through the dynamic batcher, one batch at a time, so searches keep being served.
 */
public final class CodeJobs implements AutoCloseable {

    /** A run: its state (running, done, failed), files done of the total, the report when done, the error if any. */
    public record Status(String repository, String state, long filesDone, long filesTotal, Instant started,
                         CodeIndexer.Report report, String error) {
    }

    private final CodeIndexer indexer;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mnemo-code-index");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Status> runs = new ConcurrentHashMap<>();

    public CodeJobs(CodeIndexer indexer) {
        this.indexer = indexer;
    }

    /**
     * Starts indexing {@code root} as {@code name} (null: the folder's name); CONFLICT while a run of that repository
     * is under way.
     */
    public Status start(Tenant tenant, String name, String root) {
        if (root == null || root.isBlank()) {
            throw ServiceException.invalid("path", "required", "path is a folder on the server");
        }
        Storable.text("path", root);
        Path folder;
        try {
            folder = Path.of(root).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ServiceException.invalid("path", "a path", "path is not a valid path: " + e.getReason());
        }
        if (!Files.isDirectory(folder)) {
            throw ServiceException.invalid("path", "a folder", folder + " is not a folder on the server");
        }
        if (name == null) {
            name = folder.getFileName() == null ? "root" : folder.getFileName().toString();
        }
        Storable.text("name", name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw ServiceException.invalid("name", "pattern [A-Za-z0-9][A-Za-z0-9._-]{0,99}",
                    "name is 1-100 letters, digits, '.', '_' or '-'");
        }
        return run(tenant, name, folder);
    }

    private Status run(Tenant tenant, String name, Path folder) {
        String key = key(tenant, name);
        Status started = new Status(name, "running", 0, 0, Instant.now(), null, null);
        Status previous = runs.compute(key, (k, s) -> s != null && s.state().equals("running") ? s : started);
        if (previous != started) {
            throw ServiceException.conflict("name", "Repository " + name + " is being indexed");
        }
        AtomicLong done = new AtomicLong();
        runner.execute(() -> {
            try {
                long total = indexer.files(folder).size();
                runs.put(key, new Status(name, "running", 0, total, started.started(), null, null));
                CodeIndexer.Report report = indexer.index(tenant, name, folder, new Job() {
                    private final long begin = System.nanoTime();

                    @Override
                    public void advance(long amount) {
                        runs.put(key, new Status(name, "running", done.addAndGet(amount), total, started.started(), null, null));
                    }

                    @Override
                    public void finish() {
                    }

                    @Override
                    public Duration elapsed() {
                        return Duration.ofNanos(System.nanoTime() - begin);
                    }

                    @Override
                    public boolean stopRequested() {
                        return Thread.currentThread().isInterrupted();
                    }

                    @Override
                    public boolean interrupted() {
                        return Thread.currentThread().isInterrupted();
                    }

                    @Override
                    public void batchDone() {
                    }
                });
                runs.put(key, new Status(name, "done", done.get(), total, started.started(), report, null));
            } catch (RuntimeException | Error e) {
                // Any failure ends the run (a native library missing is an Error): never "running" forever.
                runs.put(key, new Status(name, "failed", done.get(), 0, started.started(), null,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        });
        return started;
    }

    public Optional<Status> status(Tenant tenant, String name) {
        return Optional.ofNullable(runs.get(key(tenant, name)));
    }

    private static String key(Tenant tenant, String name) {
        return tenant.id() + "/" + name;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
