package dev.mnemo.core.quota;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.tenant.Quota;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.model.tenant.Usage;
import dev.mnemo.store.tenant.TenantRepository;
import dev.mnemo.store.tenant.UsageRepository;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-tenant quotas: every write that adds rows, collections or bytes asks {@link #admit} first. A tenant's limits
 * (its own row in the tenants table, else the settings' defaults) and its usage (counted in PostgreSQL) are
 * remembered for the refresh period, and this process's admitted writes are added to the remembered usage meanwhile
 * (and taken back when they fail). So a limit holds exactly within one process, and across replicas within one
 * refresh period; deletions free room at the next count. A tenant without limits costs one small read per refresh period, no count.
 */
public final class Quotas {

    private final TenantRepository tenants;
    private final UsageRepository usage;
    private final Audit audit;
    private final Quota defaults;
    private final long refreshNanos;
    private final LongSupplier clock;
    private final Map<Tenant, Known> known = new ConcurrentHashMap<>();

    /** What is known of a tenant: its limits, its usage at the last count plus admitted writes since, and when. */
    private record Known(Quota limits, Usage usage, long countedAt) {
    }

    /** A tenant's limits and what it holds now, for the admin shell and API. */
    public record Report(Tenant tenant, Quota limits, Usage usage) {
    }

    public Quotas(TenantRepository tenants, UsageRepository usage, Audit audit, Quota defaults, Duration refresh) {
        this(tenants, usage, audit, defaults, refresh, System::nanoTime);
    }

    Quotas(TenantRepository tenants, UsageRepository usage, Audit audit, Quota defaults, Duration refresh,
           LongSupplier clock) {
        this.tenants = tenants;
        this.usage = usage;
        this.audit = audit;
        this.defaults = defaults;
        this.refreshNanos = refresh.toNanos();
        this.clock = clock;
    }

    /**
     * Runs {@code write} if {@code tenant} may add {@code rows} rows, {@code collections} collections and {@code bytes}
     * (asked only when a storage limit applies); otherwise fails with a {@link ServiceException} naming the quota
     * (rows, collections: 403; storage: 413) and {@code write} never starts. The write counts from its admission
     * (checked and added at once, so concurrent writes cannot all pass against the same room) until it fails, when
     * its room is given back.
     */
    public <T> Mono<T> guard(Tenant tenant, long rows, long collections, LongSupplier bytes, Mono<T> write) {
        return admit(tenant, rows, collections, bytes)
                .flatMap(demand -> write.doOnError(e -> release(tenant, demand)));
    }

    /** {@link #guard} for a write that answers with several items. */
    public <T> Flux<T> guardMany(Tenant tenant, long rows, long collections, LongSupplier bytes, Flux<T> write) {
        return admit(tenant, rows, collections, bytes)
                .flatMapMany(demand -> write.doOnError(e -> release(tenant, demand)));
    }

    private Mono<Usage> admit(Tenant tenant, long rows, long collections, LongSupplier bytes) {
        return current(tenant).map(k -> {
            if (k.limits().unlimited()) {
                return Usage.NOTHING;
            }
            Usage demand = new Usage(rows, collections, k.limits().storageBytes() == null ? 0 : bytes.getAsLong());
            // Check and count in one step; a refusal throws out of compute and leaves the entry as it was.
            known.compute(tenant, (t, old) -> {
                Known base = old != null ? old : k;
                check("rows", base.limits().rows(), base.usage().rows(), demand.rows());
                check("collections", base.limits().collections(), base.usage().collections(), demand.collections());
                check("storage_bytes", base.limits().storageBytes(), base.usage().storageBytes(), demand.storageBytes());
                return new Known(base.limits(), base.usage().plus(demand), base.countedAt());
            });
            return demand;
        });
    }

    private void release(Tenant tenant, Usage demand) {
        if (!demand.equals(Usage.NOTHING)) {
            known.computeIfPresent(tenant, (t, old) -> new Known(old.limits(),
                    old.usage().plus(new Usage(-demand.rows(), -demand.collections(), -demand.storageBytes())),
                    old.countedAt()));
        }
    }

    /** The tenant's limits and a fresh count of what it holds. */
    public Mono<Report> report(Tenant tenant) {
        known.remove(tenant);
        return limits(tenant).zipWith(counted(tenant), (limits, held) -> new Report(tenant, limits, held));
    }

    /** The tenant's own limits (nulls where the defaults apply); empty when there is no such tenant. */
    public Mono<Quota> own(Tenant tenant) {
        return DatabaseRetry.mono(tenants.quota(tenant), "reading a quota");
    }

    /**
     * Sets the tenant's own limits (nulls: the defaults), recorded in its audit log; takes effect at once in this
     * process, in others at their next refresh. NOT_FOUND when there is no such tenant.
     */
    public Mono<Void> set(String actor, Tenant tenant, Quota quota) {
        return DatabaseRetry.mono(tenants.setQuota(tenant, quota), "setting a quota")
                .flatMap(found -> found ? audit.record(tenant, actor, "quota.set", quota.toString())
                        : Mono.error(ServiceException.notFound("tenant", tenant.id())))
                .doOnSuccess(done -> known.remove(tenant));
    }

    public Quota defaults() {
        return defaults;
    }

    private static void check(String field, Long limit, long held, long adding) {
        if (limit != null && adding > 0 && held + adding > limit) {
            throw ServiceException.quota(field, limit, held, adding);
        }
    }

    private Mono<Known> current(Tenant tenant) {
        Known k = known.get(tenant);
        long now = clock.getAsLong();
        if (k != null && now - k.countedAt() < refreshNanos) {
            return Mono.just(k);
        }
        return limits(tenant)
                .flatMap(limits -> (limits.unlimited() ? Mono.just(Usage.NOTHING) : counted(tenant))
                        .map(held -> new Known(limits, held, now)))
                .doOnNext(fresh -> known.put(tenant, fresh));
    }

    private Mono<Quota> limits(Tenant tenant) {
        return DatabaseRetry.mono(tenants.quota(tenant), "reading a quota").defaultIfEmpty(Quota.NONE)
                .map(own -> own.orElse(defaults));
    }

    private Mono<Usage> counted(Tenant tenant) {
        return DatabaseRetry.mono(usage.usage(tenant), "counting a tenant's usage");
    }
}
