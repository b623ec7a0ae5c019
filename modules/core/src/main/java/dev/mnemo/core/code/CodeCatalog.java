package dev.mnemo.core.code;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.code.SourceRepository;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.code.CodeStore;
import java.util.List;
import reactor.core.publisher.Mono;

/** The tenant's indexed repositories: list with statistics, one by name, delete with everything indexed from it. */
public final class CodeCatalog {

    private final CodeStore store;

    public CodeCatalog(CodeStore store) {
        this.store = store;
    }

    public Mono<List<SourceRepository>> list(Tenant tenant) {
        return DatabaseRetry.mono(store.list(tenant).collectList(), "listing repositories");
    }

    public Mono<SourceRepository> get(Tenant tenant, String name) {
        return DatabaseRetry.mono(store.find(tenant, name), "reading a repository")
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("Repository", name)));
    }

    /** Deletes the repository, its files, chunks, edges and lexical postings; NOT_FOUND when there is none. */
    public Mono<Void> delete(Tenant tenant, String name) {
        return DatabaseRetry.mono(store.delete(tenant, name), "deleting a repository").flatMap(deleted -> deleted ? Mono.<Void>empty()
                : Mono.error(ServiceException.notFound("Repository", name)));
    }
}
