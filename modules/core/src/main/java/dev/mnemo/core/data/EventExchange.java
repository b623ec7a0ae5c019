package dev.mnemo.core.data;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.events.StoredEvent;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventMaintenance;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.events.NewEvent;
import dev.mnemo.store.tenant.TenantRepository;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Events to and from NDJSON files (one {@link EventLines line} per event, vectors and model names included). An
 * export is written to {@code file.part} and moved into place when complete; an import commits chunk by chunk and
 * skips ids that exist, so an interrupted import is resumed by running it again. Blocking: for the admin shell and
 * batch tools, never the request path.
 */
public class EventExchange {

    /** Lines per import transaction (the api's NDJSON chunk size). */
    public static final int CHUNK = 256;
    private static final int PAGE = 500;

    public record ExportResult(Path file, long events, boolean stopped) {
    }

    public record ImportResult(long lines, long inserted, long existing, long embedded, boolean stopped) {
    }

    private final EventRepository events;
    private final EventMaintenance maintenance;
    private final TenantRepository tenants;
    private final EventService eventService;
    private final MnemoSettings settings;
    private final EventLines lines = new EventLines();

    public EventExchange(EventRepository events, EventMaintenance maintenance, TenantRepository tenants,
                         EventService eventService, MnemoSettings settings) {
        this.events = events;
        this.maintenance = maintenance;
        this.tenants = tenants;
        this.eventService = eventService;
        this.settings = settings;
    }

    public long count(Tenant tenant) {
        requireTenant(tenant);
        return events.count(tenant).block();
    }

    /** A mistyped tenant is an error, not an empty export or a foreign-key failure. */
    private void requireTenant(Tenant tenant) {
        if (!Boolean.TRUE.equals(tenants.exists(tenant).block())) {
            throw ServiceException.notFound("Tenant", tenant.id() + " (a tenant is created with its first key)");
        }
    }

    /** One tenant's events, oldest first. */
    public ExportResult export(Tenant tenant, Path file, Job job) {
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        long written = 0;
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                StoredEvent last = null;
                while (!job.stopRequested()) {
                    List<StoredEvent> page = maintenance.page(tenant, last, PAGE).block();
                    for (StoredEvent e : page) {
                        out.write(lines.write(e));
                        out.write('\n');
                    }
                    written += page.size();
                    job.advance(page.size());
                    job.batchDone();
                    if (page.size() < PAGE) {
                        break;
                    }
                    last = page.get(page.size() - 1);
                }
            }
            job.finish();
            if (job.stopRequested() && written < count(tenant)) {
                Files.deleteIfExists(temp);
                return new ExportResult(target, written, true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new ExportResult(target, written, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Non-blank lines of {@code file} (the total of an import's progress). */
    public long lines(Path file) {
        try (var all = Files.lines(file, StandardCharsets.UTF_8)) {
            return all.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Into one tenant (ids are unique per tenant: the same file imports into two tenants without conflict). */
    public ImportResult importFile(Tenant tenant, Path file, Job job) {
        requireTenant(tenant);
        long lineNo = 0;
        long inserted = 0;
        long existing = 0;
        long embedded = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<StoredEvent> chunk = new ArrayList<>(CHUNK);
            long chunkStart = 1;
            String line;
            while (!job.stopRequested()) {
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
                        chunk.add(lines.read(line));
                    } catch (RuntimeException e) {
                        throw ServiceException.invalid("line " + lineNo, "event line", file + " line " + lineNo + ": "
                                + e.getMessage() + " (lines before " + chunkStart + " were imported; re-running skips them)");
                    }
                }
                if (chunk.size() == CHUNK || (line == null && !chunk.isEmpty())) {
                    long[] counts = store(tenant, chunk, chunkStart, file);
                    inserted += counts[0];
                    existing += counts[1];
                    embedded += counts[2];
                    job.advance(chunk.size());
                    job.batchDone();
                    chunk.clear();
                }
                if (line == null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        job.finish();
        return new ImportResult(lineNo, inserted, existing, embedded, job.stopRequested());
    }

    /**
     * Lines carrying vectors are stored as they are (with their model names; "client" when the file names none);
     * the others go through EventService.createAll, which embeds them like the api does. Every line is validated
     * by EventService first. Returns {inserted, existing, embedded}.
     */
    private long[] store(Tenant tenant, List<StoredEvent> chunk, long firstLine, Path file) {
        List<NewEvent> withVectors = new ArrayList<>();
        List<EventDraft> toEmbed = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            StoredEvent e = chunk.get(i);
            String where = file.getFileName() + " line " + (firstLine + i) + ": ";
            try {
                eventService.validate(new EventDraft(e.id(), e.timestamp(), e.content(), e.metadata(), null, null), where);
            } catch (ServiceException ex) {
                throw new ServiceException(ex.kind(), ex.field(), ex.rule(), ex.getMessage() + " (" + where
                        + "lines before this chunk were imported)", ex);
            }
            requireDimension(e.embedding(), settings.embedding().dimension(), where + "embedding");
            requireDimension(e.embeddingCode(), settings.embedding().codeDimension(), where + "embedding_code");
            if (e.embedding() != null || e.embeddingCode() != null) {
                withVectors.add(new NewEvent(e.id(), e.timestamp(), e.content(), e.metadata(),
                        e.embedding(), e.embedding() == null ? null : orClient(e.embeddingModel()),
                        e.embeddingCode(), e.embeddingCode() == null ? null : orClient(e.codeEmbeddingModel()),
                        eventService.lexicalTerms(e.content())));
            } else {
                toEmbed.add(new EventDraft(e.id(), e.timestamp(), e.content(), e.metadata(), null, null));
            }
        }
        long[] counts = new long[3];
        List<Boolean> inserted = new ArrayList<>();
        if (!withVectors.isEmpty()) {
            events.insertAll(tenant, withVectors).collectList().block().forEach(w -> inserted.add(w.inserted()));
        }
        if (!toEmbed.isEmpty()) {
            List<EventService.Written> created = eventService.createAll(tenant, toEmbed, "").collectList().block();
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
            throw ServiceException.invalid(field, "dimension " + dimension, field + " has " + vector.length
                    + " values; this deployment stores " + dimension + "-d vectors");
        }
    }
}
