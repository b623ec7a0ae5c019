package dev.mnemo.core.code;

import dev.mnemo.code.Chunker;
import dev.mnemo.code.SourceTree;
import dev.mnemo.code.SourceTree.SourceFile;
import dev.mnemo.core.data.Job;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.model.code.Chunk;
import dev.mnemo.model.code.SourceRepository;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.code.CodeStore;
import dev.mnemo.store.code.CodeStore.NewChunk;
import dev.mnemo.store.code.CodeStore.NewFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Indexes a folder as a repository: lists its files ({@link SourceTree}), skips those whose content hash is unchanged
 * since the last index (a hash, nothing else), cuts the others into chunks ({@link Chunker}), embeds their chunks in
 * large batches (CODE for every chunk, TEXT too for doc-like ones), and replaces each batch of files in one
 * transaction; files gone from the folder are deleted; references are resolved to chunks at the end. Blocking, for
 * the admin shell and background jobs: a batch of files is in memory at a time, never the whole tree.
 */
public final class CodeIndexer {

    /** What an index did, with where the time went. */
    public record Report(String repository, int files, int unchanged, int indexed, int removed, long chunks,
                         long edgesResolved, Duration parse, Duration embed, Duration write, Duration elapsed) {

        public double filesPerSecond() {
            return elapsed.isZero() ? 0 : (indexed + unchanged) / (elapsed.toNanos() / 1e9);
        }

        public double chunksPerSecond() {
            return elapsed.isZero() ? 0 : chunks / (elapsed.toNanos() / 1e9);
        }
    }

    private final CodeStore store;
    private final Chunker chunker;
    private final Supplier<DualEmbeddingService> embeddings;
    private final TextAnalysis analysis;
    private final MnemoSettings.Code settings;

    public CodeIndexer(CodeStore store, Chunker chunker, Supplier<DualEmbeddingService> embeddings,
                       TextAnalysis analysis, MnemoSettings.Code settings) {
        this.store = store;
        this.chunker = chunker;
        this.embeddings = embeddings;
        this.analysis = analysis;
        this.settings = settings;
    }

    /** The files an index of {@code root} would read (for a progress bar's total). */
    public List<SourceFile> files(Path root) {
        return SourceTree.list(root, settings.maxFileBytes());
    }

    /**
     * Indexes {@code root} as the tenant's repository {@code name} (created if new). {@code job} counts files and may
     * stop the run between batches (what is committed stays; running again resumes: those files are unchanged).
     */
    public Report index(Tenant tenant, String name, Path root, Job job) {
        long start = System.nanoTime();
        Path folder = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw ServiceException.invalid("path", "a folder", folder + " is not a folder on the server");
        }
        DualEmbeddingService models = embeddings.get();
        if (models == null) {
            throw ServiceException.invalid("path", "models", "code indexing needs the embedding models");
        }
        SourceRepository repo = store.open(tenant, name, folder.toString()).block();
        Map<String, String> known = store.fileHashes(tenant, repo.id()).block();
        List<SourceFile> files = files(folder);
        Set<String> seen = new HashSet<>();
        MessageDigest tree = sha256();
        long[] nanos = new long[3];
        int unchanged = 0;
        int indexed = 0;
        long chunks = 0;
        List<Prepared> batch = new ArrayList<>();
        int batchChunks = 0;
        for (SourceFile f : files) {
            if (job.stopRequested()) {
                break;
            }
            seen.add(f.path());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f.file());
            } catch (java.io.IOException e) {
                job.advance(1);
                continue;
            }
            String hash = HexFormat.of().formatHex(sha256().digest(bytes));
            tree.update((f.path() + "\0" + hash + "\n").getBytes(StandardCharsets.UTF_8));
            if (hash.equals(known.get(f.path()))) {
                unchanged++;
                job.advance(1);
                continue;
            }
            long t = System.nanoTime();
            List<Chunk> cut = SourceTree.read(f).map(text -> chunker.chunk(f.language(), text)).orElse(List.of());
            nanos[0] += System.nanoTime() - t;
            batch.add(new Prepared(f, hash, cut));
            batchChunks += cut.size();
            if (batchChunks >= settings.embedBatch() || batch.size() >= 64) {
                chunks += flush(tenant, repo, models, batch, nanos);
                indexed += batch.size();
                job.advance(batch.size());
                job.batchDone();
                batch.clear();
                batchChunks = 0;
            }
        }
        if (!batch.isEmpty()) {
            chunks += flush(tenant, repo, models, batch, nanos);
            indexed += batch.size();
            job.advance(batch.size());
            job.batchDone();
        }
        int removed = 0;
        long resolved = 0;
        if (!job.stopRequested()) {
            List<String> gone = known.keySet().stream().filter(p -> !seen.contains(p)).sorted().toList();
            removed = store.removeFiles(tenant, repo.id(), gone).block().intValue();
            resolved = store.resolve(tenant, repo.id()).block();
            store.indexed(tenant, repo.id(), HexFormat.of().formatHex(tree.digest())).block();
        }
        job.finish();
        return new Report(name, files.size(), unchanged, indexed, removed, chunks, resolved, Duration.ofNanos(nanos[0]),
                Duration.ofNanos(nanos[1]), Duration.ofNanos(nanos[2]), Duration.ofNanos(System.nanoTime() - start));
    }

    private record Prepared(SourceFile file, String hash, List<Chunk> chunks) {
    }

    /** Embeds a batch's chunks in one call per model and writes the batch's files in one transaction. */
    private long flush(Tenant tenant, SourceRepository repo, DualEmbeddingService models, List<Prepared> batch,
                       long[] nanos) {
        List<String> code = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        for (Prepared p : batch) {
            for (Chunk c : p.chunks()) {
                code.add(c.content());
                if (c.kind().docLike()) {
                    docs.add(c.content());
                }
            }
        }
        long t = System.nanoTime();
        List<DomainVectors> codeVectors = code.isEmpty() ? List.of()
                : models.embedAll(code, EmbeddingDomain.CODE, InputKind.DOCUMENT).join();
        List<DomainVectors> textVectors = docs.isEmpty() ? List.of()
                : models.embedAll(docs, EmbeddingDomain.TEXT, InputKind.DOCUMENT).join();
        nanos[1] += System.nanoTime() - t;
        List<NewFile> files = new ArrayList<>(batch.size());
        int ci = 0;
        int di = 0;
        for (Prepared p : batch) {
            List<NewChunk> chunks = new ArrayList<>(p.chunks().size());
            for (Chunk c : p.chunks()) {
                float[] text = c.kind().docLike() ? textVectors.get(di++).text() : null;
                chunks.add(new NewChunk(c, hash(c.content()), codeVectors.get(ci++).code(), text,
                        analysis.terms(c.content())));
            }
            files.add(new NewFile(p.file().path(), p.file().language().wire(), p.hash(), p.file().size(), chunks));
        }
        t = System.nanoTime();
        long written = store.replace(tenant, repo.id(), repo.name(), files).block();
        nanos[2] += System.nanoTime() - t;
        return written;
    }

    private static String hash(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
