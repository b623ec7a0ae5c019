package dev.mnemo.shell.data;

import dev.mnemo.memory.EventDraft;
import dev.mnemo.memory.EventService;
import dev.mnemo.memory.MemoryException;
import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.shell.cli.Progress;
import dev.mnemo.shell.cli.ShellException;
import dev.mnemo.shell.cli.StopRequest;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.events.NewEvent;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Readable;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * NDJSON export and import of events. Export reads keyset pages (constant memory at any size) into a temporary file
 * renamed into place at the end, so a stopped export never leaves a truncated file under the requested name. Import
 * writes chunks, each in one transaction; ids are kept, and an id already present is left alone, so importing the
 * same file twice (or resuming a stopped import) duplicates nothing.
 */
public class EventExchange {

    /** Lines per import transaction (the api's NDJSON chunk size). */
    public static final int CHUNK = 256;
    private static final int PAGE = 500;

    public record ExportResult(Path file, long events, boolean stopped) {
    }

    public record ImportResult(long lines, long inserted, long existing, long embedded, boolean stopped) {
    }

    private final DatabaseClient db;
    private final EventRepository events;
    private final EventService eventService;
    private final MnemoSettings settings;
    private final JsonMapper json = JsonMapper.shared();

    public EventExchange(DatabaseClient db, EventRepository events, EventService eventService, MnemoSettings settings) {
        this.db = db;
        this.events = events;
        this.eventService = eventService;
        this.settings = settings;
    }

    public long count() {
        return events.count().block();
    }

    public ExportResult export(Path file, Progress progress, StopRequest stop) {
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        long written = 0;
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                EventLine last = null;
                while (!stop.requested()) {
                    List<EventLine> page = page(last);
                    for (EventLine line : page) {
                        out.write(line.toJson(json));
                        out.write('\n');
                    }
                    written += page.size();
                    progress.advance(page.size());
                    stop.batchDone();
                    if (page.size() < PAGE) {
                        break;
                    }
                    last = page.get(page.size() - 1);
                }
            }
            progress.finish();
            if (stop.requested() && written < count()) {
                Files.deleteIfExists(temp);
                return new ExportResult(target, written, true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new ExportResult(target, written, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private List<EventLine> page(EventLine after) {
        String sql = "SELECT id, timestamp, content, metadata, embedding, embedding_model, embedding_code,"
                + " code_embedding_model FROM events"
                + (after == null ? "" : " WHERE (timestamp, id) > ($2, $3)") + " ORDER BY timestamp, id LIMIT $1";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind(0, PAGE);
        if (after != null) {
            spec = spec.bind(1, after.timestamp()).bind(2, after.id());
        }
        return spec.map(this::read).all().collectList().block();
    }

    private EventLine read(Readable row) {
        Json content = row.get("content", Json.class);
        Json metadata = row.get("metadata", Json.class);
        Vector text = row.get("embedding", Vector.class);
        Vector code = row.get("embedding_code", Vector.class);
        return new EventLine(row.get("id", UUID.class), row.get("timestamp", OffsetDateTime.class),
                json.readTree(content.asArray()), metadata == null ? json.createObjectNode() : json.readTree(metadata.asArray()),
                text == null ? null : text.getVector(), row.get("embedding_model", String.class),
                code == null ? null : code.getVector(), row.get("code_embedding_model", String.class));
    }

    public long lines(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new ShellException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    public ImportResult importFile(Path file, Progress progress, StopRequest stop) {
        long lineNo = 0;
        long inserted = 0;
        long existing = 0;
        long embedded = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<EventLine> chunk = new ArrayList<>(CHUNK);
            long chunkStart = 1;
            String line;
            while (!stop.requested()) {
                line = in.readLine();
                if (line != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    if (chunk.isEmpty()) {
                        chunkStart = lineNo;
                    }
                    try {
                        chunk.add(EventLine.parse(json, line));
                    } catch (RuntimeException e) {
                        throw new ShellException(file + " line " + lineNo + ": " + e.getMessage()
                                + " (lines before " + chunkStart + " were imported; re-running skips them)");
                    }
                }
                if (chunk.size() == CHUNK || (line == null && !chunk.isEmpty())) {
                    long[] counts = store(chunk, chunkStart, file);
                    inserted += counts[0];
                    existing += counts[1];
                    embedded += counts[2];
                    progress.advance(chunk.size());
                    stop.batchDone();
                    chunk.clear();
                }
                if (line == null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ShellException("Cannot read " + file + ": " + e.getMessage());
        }
        progress.finish();
        return new ImportResult(lineNo, inserted, existing, embedded, stop.requested());
    }

    /**
     * Lines carrying vectors are stored as they are (with their model names; "client" when the file names none);
     * the others go through EventService.createAll, which embeds them like the api does. Every line is validated
     * by EventService first. Returns {inserted, existing, embedded}.
     */
    private long[] store(List<EventLine> chunk, long firstLine, Path file) {
        List<NewEvent> withVectors = new ArrayList<>();
        List<EventDraft> toEmbed = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            EventLine e = chunk.get(i);
            String where = file.getFileName() + " line " + (firstLine + i) + ": ";
            try {
                eventService.validate(new EventDraft(e.id(), e.timestamp(), e.content(), e.metadata(), null, null), where);
            } catch (MemoryException ex) {
                throw new ShellException(ex.getMessage() + " (" + where + "lines before this chunk were imported)");
            }
            requireDimension(e.embedding(), settings.embedding().dimension(), where + "embedding");
            requireDimension(e.embeddingCode(), settings.embedding().codeDimension(), where + "embedding_code");
            if (e.embedding() != null || e.embeddingCode() != null) {
                withVectors.add(new NewEvent(e.id(), e.timestamp(), e.content(), e.metadata(),
                        e.embedding(), e.embedding() == null ? null : orClient(e.embeddingModel()),
                        e.embeddingCode(), e.embeddingCode() == null ? null : orClient(e.codeEmbeddingModel())));
            } else {
                toEmbed.add(new EventDraft(e.id(), e.timestamp(), e.content(), e.metadata(), null, null));
            }
        }
        long[] counts = new long[3];
        List<Boolean> inserted = new ArrayList<>();
        if (!withVectors.isEmpty()) {
            events.insertAll(withVectors).collectList().block().forEach(w -> inserted.add(w.inserted()));
        }
        if (!toEmbed.isEmpty()) {
            List<EventService.Written> created = eventService.createAll(toEmbed, "").collectList().block();
            created.forEach(w -> inserted.add(w.inserted()));
            counts[2] = created.stream().filter(EventService.Written::inserted).count();
        }
        counts[0] = inserted.stream().filter(Boolean::booleanValue).count();
        counts[1] = inserted.size() - counts[0];
        return counts;
    }

    private static String orClient(String model) {
        return model == null || model.isBlank() ? "client" : model;
    }

    private static void requireDimension(float[] vector, int dimension, String field) {
        if (vector != null && vector.length != dimension) {
            throw new ShellException(field + " has " + vector.length + " values; this deployment stores "
                    + dimension + "-d vectors");
        }
    }
}
